import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";

// Issue 11, item 12: ordinary YAML works, hostile YAML/JSON is bad input (exit 2, file named),
// and text files are strictly UTF-8.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project(files: Record<string, string | Uint8Array>) {
  const p = evalProject({ cases: ["ok-1"] });
  cleanup = p.cleanup;
  for (const [rel, content] of Object.entries(files)) writeFileSync(join(p.dir, rel), content);
  return p;
}

const suite = (body: string) =>
  `description: hostile\nprompt: ../prompts/echo.prompt.yml\nscorers:\n  - { type: contains, value: ok }\n${body}`;

const validate = (dir: string) => runInProcess(["validate"], { cwd: dir });
/** Bombs and deep nesting go through the binary: no crash of the process, not only of main(). */
const validateBinary = (dir: string) => runCli(["validate"], { cwd: dir });

function expectBadInput(r: { code: number; stderr: string }, file: string, text: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(text);
  expect(r.stderr).not.toMatch(/internal error|bug in llmops|at .*\.js:\d+/);
}

describe("YAML anchors and bombs", () => {
  it("one anchor reused in 120 cases is ordinary YAML", async () => {
    const cases = Array.from({ length: 120 }, (_, i) => `  - { id: c${i + 1}, vars: *v }`);
    const p = project({
      "evals/anchors.eval.yml": suite(
        `cases:\n  - { id: c0, vars: &v { q: same question } }\n${cases.join("\n")}\n`,
      ),
    });
    const r = await validate(p.dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a billion-laughs bomb is exit 2 naming the file", async () => {
    let bomb = 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 9; i++)
      bomb += `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(",")}]\n`;
    const p = project({
      "evals/bomb.eval.yml": suite(`${bomb}cases:\n  - { id: a, vars: *l8 }\n`),
    });
    expectBadInput(await validateBinary(p.dir), "evals/bomb.eval.yml", /aliases expand/);
  });

  it("deeply nested flow YAML is exit 2 with its position", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const p = project({
      "evals/deep.eval.yml": suite(`cases:\n  - { id: a, vars: { q: ${deep} } }\n`),
    });
    expectBadInput(await validateBinary(p.dir), "evals/deep.eval.yml:6:", /nested more than/);
  });

  it("a deeply nested JSON line is exit 2 with its line", async () => {
    const deep = `{"q": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const p = project({
      "evals/data.jsonl": `{"id":"a","vars":{"q":"x"}}\n${JSON.stringify({ id: "b", vars: { q: "y" } })}\n{"id":"c","vars":${deep}}\n`,
      "evals/deep.eval.yml": suite("dataset: data.jsonl\n"),
    });
    expectBadInput(await validateBinary(p.dir), "evals/data.jsonl:3:1", /nested more than/);
  });
});

describe("encodings and CSV headers", () => {
  it("a UTF-8 byte-order mark at the start of a JSONL file is accepted", async () => {
    const p = project({
      "evals/data.jsonl": `\uFEFF{"id":"a","vars":{"q":"x"}}\n`,
      "evals/bom.eval.yml": suite("dataset: data.jsonl\n"),
    });
    const r = await validate(p.dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("Latin-1 bytes are an error with their line, not a silent replacement character", async () => {
    const latin1 = Buffer.concat([
      Buffer.from('{"id":"a","vars":{"q":"x"}}\n{"id":"b","vars":{"q":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}}\n'),
    ]);
    const p = project({
      "evals/data.jsonl": latin1,
      "evals/latin.eval.yml": suite("dataset: data.jsonl\n"),
    });
    expectBadInput(await validate(p.dir), "evals/data.jsonl:2:27", /not UTF-8: byte 0xE9/);
  });

  it("Latin-1 bytes in a suite file are an error with their line", async () => {
    const p = project({
      "evals/latin.eval.yml": Buffer.concat([
        Buffer.from(suite("cases:\n  - { id: a, vars: { q: caf")),
        Buffer.from([0xe9, 0x7d, 0x20, 0x7d, 0x0a]),
      ]),
    });
    expectBadInput(await validate(p.dir), "evals/latin.eval.yml:6:28", /not UTF-8/);
  });

  it("a duplicate CSV column is an error", async () => {
    const p = project({
      "evals/data.csv": "id,q,q\na,first,second\n",
      "evals/dup.eval.yml": suite("dataset: data.csv\n"),
    });
    expectBadInput(await validate(p.dir), "evals/data.csv:1:1", /duplicate column "q"/);
  });
});
