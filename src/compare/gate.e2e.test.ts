import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { gitInit, runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Most tests here run the CLI in this process (runInProcess: main() with captured output, the
// binary's code path minus bin/), ~2.5x faster; the ones that prove the binary's exit code and
// files run it as a subprocess (runCli).

const env = { TEST_LLM_KEY: "sk-test-gate" };
const t = useFakeOpenAI();

/** The server answers "ok" except for the questions in `failing`. */
function answer(failing: Set<string> = new Set()) {
  t.server.setHandler((call) => {
    const q = lastUser(call).replace(/^Q: /, "");
    return {
      content: failing.has(q) ? "no" : `ok ${q}`,
      usage: { prompt_tokens: 10, completion_tokens: 2 },
    };
  });
}

const cases = Array.from({ length: 40 }, (_, i) => `q${i}`);

function project(extra: Partial<Parameters<typeof evalProject>[0]> = {}) {
  const p = evalProject({ baseURL: t.server.url, cases, ...extra });
  t.cleanup = p.cleanup;
  return p;
}

const baselineFile = (dir: string) => join(dir, "evals/baselines/echo.json");

describe("baselines and the regression gate", () => {
  it("a new suite passes as new; --update-baseline writes a stable, sorted baseline", async () => {
    answer();
    const p = project();
    const first = await runInProcess(["eval", "--record"], { cwd: p.dir, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("NEW");
    expect(first.stdout).toContain("NO BASELINE YET: 1 suite new");
    const upd = await runInProcess(["eval", "--replay", "--update-baseline"], {
      cwd: p.dir,
      env: {},
    });
    expect(upd.code).toBe(0);
    expect(upd.stdout).toContain("baseline written: evals/baselines/echo.json");
    const text = readFileSync(baselineFile(p.dir), "utf8");
    const b = JSON.parse(text);
    expect(Object.keys(b)).toEqual(["models", "prompt", "schemaVersion", "suite"]);
    expect(b.models.fake.cases.q0).toMatchObject({
      scores: [1],
      passes: 1,
      outputs: ["ok q0"],
      cost: 0.000014,
      errors: {},
    });
    expect(text).not.toMatch(/runId|startedAt|20\d\d-\d\d-\d\dT/);
    const again = await runInProcess(["eval", "--replay", "--update-baseline"], {
      cwd: p.dir,
      env: {},
    });
    expect(again.code).toBe(0);
    expect(readFileSync(baselineFile(p.dir), "utf8")).toBe(text);
    // Compared, and honest about size: 40 unchanged cases cannot rule out a 3-point drop.
    expect(again.stdout).toMatch(/INCONCLUSIVE: echo \[fake\]: no case changed, but 40 cases/);
  });

  it("a real drop fails the gate with exit 1 and names the numbers; small noise passes", async () => {
    answer();
    const p = project();
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    answer(new Set(["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]));
    // The binary itself: the FAIL is its exit code.
    const bad = await runCli(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /FAILED: echo \[fake\]: fail: drop 20\.0 pts \(upper bound \d+\.\d pts, margin 3\.0 pts\), p = 0\.004/,
    );
    expect(bad.stdout).toContain("8/0/0/0/0");
    answer(new Set(["q1"]));
    const noise = await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(noise.code).toBe(0);
    expect(noise.stdout).toContain("INCONCLUSIVE");
    const strict = await runInProcess(["eval", "--no-cache", "--strict", "--json"], {
      cwd: p.dir,
      env,
    });
    expect(strict.code).toBe(1);
    const out = JSON.parse(strict.stdout);
    expect(out.comparison.verdict).toBe("inconclusive");
    expect(out.comparison.suites[0].mde).toBeGreaterThan(0.03);
  });

  it("--baseline-ref reads the baseline as committed at that ref", async () => {
    answer();
    const p = project();
    const commit = gitInit(p.dir);
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    commit("baseline");
    // The working tree's baseline now claims every case failed; the committed one does not.
    const b = JSON.parse(readFileSync(baselineFile(p.dir), "utf8"));
    for (const c of Object.values(b.models.fake.cases) as { scores: number[]; passes: number }[]) {
      c.scores = [0];
      c.passes = 0;
    }
    writeFileSync(baselineFile(p.dir), JSON.stringify(b));
    answer(new Set(cases.slice(0, 10)));
    const vsTree = await runInProcess(["eval", "--no-cache", "--json"], { cwd: p.dir, env });
    expect(JSON.parse(vsTree.stdout).comparison.verdict).toBe("pass");
    const vsRef = await runInProcess(["eval", "--no-cache", "--baseline-ref", "HEAD"], {
      cwd: p.dir,
      env,
    });
    expect(vsRef.code).toBe(1);
    const missing = await runInProcess(["eval", "--baseline-ref", "origin/nope"], {
      cwd: p.dir,
      env,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--baseline-ref origin/nope: no such commit or branch");
  });

  it("--update-baseline refuses runs with errors or partial runs, unless --force", async () => {
    t.server.setHandler((call) =>
      lastUser(call) === "Q: q3"
        ? { kind: "error", status: 400, message: "bad" }
        : { content: "ok" },
    );
    const p = project();
    const r = await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("--update-baseline: not written: the run had 1 failed call");
    expect(readdirSync(join(p.dir, "evals"))).not.toContain("baselines");
    const partial = await runInProcess(["eval", "--update-baseline", "--filter", "q1*"], {
      cwd: p.dir,
      env,
    });
    expect(partial.stderr).toContain("the run was partial");
    const forced = await runInProcess(["eval", "--update-baseline", "--force"], {
      cwd: p.dir,
      env,
    });
    expect(forced.stdout).toContain("baseline written");
  });

  it("a suite that switched models is compared with the old model", async () => {
    answer();
    const p = project({
      extraConfig:
        "  fake2:\n    provider: local\n    id: fake-2\n    price: { input: 1, output: 1 }\n",
    });
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    p.write({
      "prompts/echo.prompt.yml": readFileSync(
        join(p.dir, "prompts/echo.prompt.yml"),
        "utf8",
      ).replace("model: fake", "model: fake2"),
    });
    const r = await runInProcess(["eval", "--json"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).comparison.suites[0];
    expect(s).toMatchObject({
      model: "fake2",
      baselineModel: "fake",
      isNew: false,
      paired: 40,
    });
    expect(s.promptVersions.baseline).not.toBe(s.promptVersions.candidate);
  });

  it("minPassRate fails a suite whatever its baseline", async () => {
    answer(new Set(cases.slice(0, 30)));
    const p = project();
    p.write({
      "evals/echo.eval.yml": `${readFileSync(join(p.dir, "evals/echo.eval.yml"), "utf8")}gate:\n  minPassRate: 0.5\n`,
    });
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("pass rate 25.0% (minimum 50.0%)");
  });

  it("--changed-since runs only the suites whose files changed, and says why the rest were skipped", async () => {
    answer();
    const p = project();
    p.write({
      "prompts/other.prompt.yml":
        "name: other\nmodel: fake\nmessages:\n  - role: user\n    content: 'Q: {{q}}'\n",
      "evals/other.eval.yml":
        "description: other\nprompt: ../prompts/other.prompt.yml\nscorers: [{ type: contains, value: ok }]\ncases:\n  - { id: a, vars: { q: a } }\n",
    });
    const commit = gitInit(p.dir);
    commit("start");
    p.write({
      "prompts/other.prompt.yml":
        "name: other\nmodel: fake\nmessages:\n  - role: user\n    content: 'Q:  {{q}}'\n",
    });
    const r = await runInProcess(["eval", "--changed-since", "HEAD", "--json"], {
      cwd: p.dir,
      env,
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.suites.map((s: { suite: string }) => s.suite)).toEqual(["other"]);
    expect(out.skipped).toEqual([
      {
        suite: "echo",
        reason: "none of its suite, prompt, datasets, recordings, baseline or llmops.yaml changed",
      },
    ]);
    commit("change other");
    const none = await runInProcess(["eval", "--changed-since", "HEAD"], { cwd: p.dir, env });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("nothing to run");
  });

  it("llmops diff compares runs, or the latest run with the baselines, without calling a model", async () => {
    answer();
    const p = project();
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    answer(new Set(cases.slice(0, 12)));
    expect((await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env })).code).toBe(1);
    const before = t.server.calls.length;
    const latest = await runInProcess(["diff"], { cwd: p.dir, env: {} });
    expect(latest.code).toBe(1);
    expect(latest.stdout).toContain("FAILED");
    const runs = readdirSync(join(p.dir, ".llmops/runs"))
      .sort()
      .map((d) => join(".llmops/runs", d));
    const two = await runInProcess(["diff", runs[0]!, runs[1]!, "--json"], { cwd: p.dir, env: {} });
    expect(two.code).toBe(1);
    expect(JSON.parse(two.stdout).suites[0].counts.regressed).toBe(12);
    const reverse = await runInProcess(["diff", runs[1]!, runs[0]!], { cwd: p.dir, env: {} });
    expect(reverse.code).toBe(0);
    expect(t.server.calls.length).toBe(before);
  });
});
