import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededRandom as rng } from "../compare/distributions.js";
import { REPO_ROOT, runCli, runInProcess, tempProject } from "../test-support/project.js";

const SOURCES = [
  "evals/support-reply.eval.yml",
  "evals/classify-ticket.eval.yml",
  "prompts/extract-order.prompt.yml",
  "prompts/sample.prompt.yml",
  "evals/data/extract-order.yml",
];
const JUNK = [
  ":",
  "[",
  "]",
  "{",
  "}",
  "- ",
  "\t",
  '"',
  "'",
  "*x",
  "&a",
  "!!int ",
  "%",
  "@",
  "#",
  "? ",
  "| ",
  "> ",
  "\n  - ",
  ": :",
  "\u0000",
  "\uFEFF",
  "0x",
  "null",
  "{{",
  "}}",
];

function mutations(text: string, seed: number, count: number): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 1; i <= 24; i++) out.push(text.slice(0, Math.floor((text.length * i) / 25)));
  while (out.length < count) {
    const kind = Math.floor(rand() * 6);
    const at = Math.floor(rand() * text.length);
    const li = Math.floor(rand() * lines.length);
    if (kind === 0) out.push(text.slice(0, at) + pick(JUNK) + text.slice(at));
    else if (kind === 1) out.push(lines.filter((_, j) => j !== li).join("\n"));
    else if (kind === 2)
      out.push([...lines.slice(0, li), lines[li], ...lines.slice(li)].join("\n"));
    else if (kind === 3) out.push(lines.map((l, j) => (j === li ? ` ${l}` : l)).join("\n"));
    else if (kind === 4)
      out.push(
        lines.map((l, j) => (j === li ? l.replace(/: .*$/, ": [1, {a: 2}]") : l)).join("\n"),
      );
    else out.push(text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 20)));
  }
  return out;
}

describe("validate survives truncated and mutated files", () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    const files: Record<string, string> = {};
    for (const f of [
      ...SOURCES,
      "prompts/support-reply.prompt.yml",
      "prompts/classify-ticket.prompt.yml",
      "evals/extract-order.eval.yml",
      "evals/data/support-reply.jsonl",
      "evals/data/classify-ticket.csv",
    ]) {
      files[f] = readFileSync(join(REPO_ROOT, f), "utf8");
    }
    project = tempProject(files);
  });
  afterAll(() => project.cleanup());

  it.each(SOURCES.map((s, i) => [s, i] as const))("%s", async (source, seed) => {
    const original = readFileSync(join(project.dir, source), "utf8");
    let failures = 0;
    try {
      for (const text of mutations(original, seed + 1, 90)) {
        writeFileSync(join(project.dir, source), text);
        const r = await runInProcess(["validate"], { cwd: project.dir });
        const context = `--- input ---\n${text}\n--- stderr ---\n${r.stderr}`;
        expect([0, 2], context).toContain(r.code);
        expect(r.stderr, context).not.toMatch(/internal error|\n\s+at .*:\d+:\d+\)?\n/);
        if (r.code === 2) {
          failures++;
          const errors = r.stderr.split("\n").filter((l) => l.startsWith("error "));
          expect(errors.length, context).toBeGreaterThan(0);
          for (const e of errors) expect(e, context).toMatch(/^error [^:\s]+:\d+:\d+: \S/);
          expect(r.stderr, context).toMatch(/\d+ problems?; nothing was run\.\n$/);
        }
      }
    } finally {
      writeFileSync(join(project.dir, source), original);
    }
    expect(failures).toBeGreaterThan(30);
  });

  it("the built binary gives exit 2 and no stack trace for a truncated suite", async () => {
    const source = "evals/support-reply.eval.yml";
    const original = readFileSync(join(project.dir, source), "utf8");
    for (const cut of [0.2, 0.5, 0.9]) {
      writeFileSync(
        join(project.dir, source),
        `${original.slice(0, Math.floor(original.length * cut))}\n  - [`,
      );
      const r = await runCli(["validate"], { cwd: project.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error evals\/support-reply\.eval\.yml:\d+:\d+: /m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(join(project.dir, source), original);
  });
});
