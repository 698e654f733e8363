import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { gitInit, runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Names, ids and paths are read by one rule everywhere a user types them: a suite or prompt by
// name, by a path from the current folder or from the project root; a run by folder or by id.

const env = { TEST_LLM_KEY: "sk-test-lookup" };
const t = useFakeOpenAI();

function project() {
  t.server.setHandler(() => ({ content: "ok" }));
  const p = evalProject({ baseURL: t.server.url, cases: ["a", "b"] });
  t.cleanup = p.cleanup;
  gitInit(p.dir)("add the echo prompt");
  return p;
}

describe("one lookup rule for names, ids and paths", () => {
  it("eval takes a suite name; an unknown name is exit 2 with a hint", async () => {
    const p = project();
    const r = await runInProcess(["eval", "echo"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/echo\s+fake\s+2\/2/);
    const bad = await runCli(["eval", "ecoh"], { cwd: p.dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("ecoh");
  });

  it("diff and report take a run id as well as a run folder", async () => {
    const p = project();
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    const id = readdirSync(join(p.dir, ".llmops/runs"))[0]!;
    const byId = await runInProcess(["diff", id], { cwd: p.dir, env });
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain(`.llmops/runs/${id} compared with baselines`);
    const both = await runInProcess(["diff", id, id], { cwd: p.dir, env });
    expect(both.code).toBe(0);
    const report = await runInProcess(["report", id, "--format", "json"], { cwd: p.dir, env });
    expect(report.code).toBe(0);
    const missing = await runInProcess(["diff", "20990101-000000.000-ffff"], { cwd: p.dir, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run "20990101-000000.000-ffff"');
  });

  it("render --case takes the suite by name or by file, from the root or a subfolder", async () => {
    const p = project();
    const sub = join(p.dir, "evals");
    for (const [cwd, args] of [
      [p.dir, ["render", "echo", "--case", "echo#b"]],
      [p.dir, ["render", "prompts/echo.prompt.yml", "--case", "evals/echo.eval.yml#b"]],
      [sub, ["render", "../prompts/echo.prompt.yml", "--case", "echo.eval.yml#b"]],
      [sub, ["render", "echo", "--case", "evals/echo.eval.yml#b"]],
    ] as const) {
      const r = await runInProcess([...args], { cwd, env });
      expect({ args, code: r.code, err: r.stderr }).toMatchObject({ code: 0, err: "" });
      expect(r.stdout).toContain("Q: b");
    }
    const bad = await runCli(["render", "echo", "--case", "echo#zz"], { cwd: p.dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('suite echo has no case "zz"');
  });

  it("prompts log takes a path from a subfolder, as render does", async () => {
    const p = project();
    const sub = join(p.dir, "evals");
    for (const ref of ["../prompts/echo.prompt.yml", "prompts/echo.prompt.yml", "echo"]) {
      const r = await runInProcess(["prompts", "log", ref], { cwd: sub, env });
      expect({ ref, code: r.code, err: r.stderr }).toMatchObject({ code: 0, err: "" });
      expect(r.stdout).toContain("add the echo prompt");
    }
  });
});
