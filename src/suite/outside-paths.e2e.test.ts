import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { safeFileName } from "../util/safe-name.js";

// Issue 11, item 10: nothing outside the repository is read through a symlink, and no name
// writes a file outside its folder.
const SECRET = "root:x:0:0:OUTSIDE-SECRET-LINE";
let server: FakeOpenAI;
let outside: string;
let cleanup: (() => void) | undefined;
beforeAll(async () => {
  server = await startFakeOpenAI((call) => ({ content: `ok ${JSON.stringify(call.body).length}` }));
  outside = mkdtempSync(join(tmpdir(), "llmops-outside-"));
  writeFileSync(join(outside, "passwd.jsonl"), `${SECRET}\n`);
  writeFileSync(join(outside, "passwd.prompt.yml"), `name: x\nmodel: fake\n${SECRET}\n`);
  mkdirSync(join(outside, "data"));
  writeFileSync(join(outside, "data/rows.jsonl"), `{"id":"a","vars":{"q":"${SECRET}"}}\n`);
});
afterAll(() => {
  server.close();
  rmSync(outside, { recursive: true, force: true });
});
afterEach(() => cleanup?.());

function project(suite: string) {
  const p = evalProject({ cases: ["ok-1"], baseURL: server.url });
  cleanup = p.cleanup;
  p.write({ "evals/link.eval.yml": `description: links\n${suite}` });
  return p;
}

describe("symbolic links do not escape the repository", () => {
  it.each([
    ["a dataset linked to a file outside", "data.jsonl", "passwd.jsonl", "dataset: data.jsonl"],
    ["a dataset in a linked folder", "linked", "data", "dataset: linked/rows.jsonl"],
  ])("%s is refused and never printed", async (_l, link, target, field) => {
    const p = project(`prompt: ../prompts/echo.prompt.yml\n${field}\n`);
    symlinkSync(join(outside, target), join(p.dir, "evals", link));
    for (const args of [["validate"], ["eval", "--record"]]) {
      const r = await runInProcess(args, { cwd: p.dir, env: { TEST_LLM_KEY: "k" } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("is outside the project");
      expect(r.stderr).toContain("evals/link.eval.yml:");
      expect(`${r.stdout}${r.stderr}`).not.toContain("OUTSIDE-SECRET");
    }
    expect(server.calls.some((c) => JSON.stringify(c.body).includes("OUTSIDE-SECRET"))).toBe(false);
  });

  it("a prompt linked to a file outside is refused and never printed", async () => {
    const p = project(
      "prompt: ../prompts/linked.prompt.yml\ncases:\n  - { id: a, vars: { q: x } }\n",
    );
    symlinkSync(join(outside, "passwd.prompt.yml"), join(p.dir, "prompts/linked.prompt.yml"));
    const r = await runCli(["validate", "evals/link.eval.yml"], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is outside the project");
    expect(r.stderr).not.toContain("OUTSIDE-SECRET");
  });
});

/** Every file below `dir`, relative, sorted. */
function filesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith(".llmops/"))
    .sort();
}

describe("names become safe file names", () => {
  // The schema already refuses "/" in a name; dots alone passed it.
  it.each(["..", ".", "...", ".hidden"])(
    "suite name %j: fixtures and baselines stay in their folders",
    async (name) => {
      const p = project(
        `name: ${JSON.stringify(name)}\nprompt: ../prompts/echo.prompt.yml\ncases:\n  - { id: a, vars: { q: ok } }\n`,
      );
      const before = new Set(filesBelow(p.dir));
      const r = await runInProcess(["eval", "--record", "--update-baseline"], {
        cwd: p.dir,
        env: { TEST_LLM_KEY: "k" },
      });
      expect(r.stderr).not.toMatch(/internal error/);
      const created = filesBelow(p.dir).filter((f) => !before.has(f));
      expect(created).toContain(`fixtures/${safeFileName(name)}/fake.yml`);
      expect(created).toContain(`evals/baselines/${safeFileName(name)}.json`);
      for (const f of created)
        expect(f).toMatch(
          /^(fixtures\/[^/.][^/]*\/[^/]+\.yml|evals\/baselines\/[^/.][^/]*\.json)$/,
        );
    },
  );
});

describe("safeFileName", () => {
  it.each([
    ["classify-ticket", "classify-ticket"],
    ["v1.2_final", "v1.2_final"],
  ])("keeps the plain name %j as it is (existing files keep their paths)", (name, want) => {
    expect(safeFileName(name)).toBe(want);
  });

  it.each(["..", ".", "../x", "a/b", "a\\b", ".env", "", "x".repeat(200), "a\nb", "日本"])(
    "turns %j into one safe, distinct segment",
    (name) => {
      const safe = safeFileName(name);
      expect(safe).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/);
      expect(safeFileName(safe)).toBe(safe);
      expect(safe).not.toBe(safeFileName(`${name}_`));
    },
  );
});
