import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Most tests here run the CLI in this process (runInProcess: main() with captured output, the
// binary's code path minus bin/), ~2.5x faster; the ones that prove the binary's exit code and
// files run it as a subprocess (runCli).

const env = { TEST_LLM_KEY: "sk-test-reports" };
const t = useFakeOpenAI();

const cases = Array.from({ length: 30 }, (_, i) => `q${i}`);
function answer(failing: Set<string>, hostile = false) {
  t.server.setHandler((call) => {
    const q = lastUser(call).replace(/^Q: /, "");
    if (!failing.has(q)) return { content: `ok ${q}` };
    return {
      content: hostile ? "no </details> <script>alert(1)</script> @octocat ``` | pipe" : "no",
    };
  });
}

function project() {
  const p = evalProject({ baseURL: t.server.url, cases });
  t.cleanup = p.cleanup;
  return p;
}

describe("reports from llmops eval", () => {
  it("--report writes markdown, junit and json; GitHub gets a step summary and annotations", async () => {
    answer(new Set());
    const p = project();
    expect((await runCli(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    answer(new Set(cases.slice(0, 9)), true);
    const summaryFile = join(p.dir, "step-summary.md");
    writeFileSync(summaryFile, "# earlier step\n");
    const r = await runCli(
      ["eval", "--no-cache", "--report", "markdown,junit,json", "--out", "ci-run"],
      {
        cwd: p.dir,
        env: { ...env, GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summaryFile },
      },
    );
    expect(r.code).toBe(1);
    const dir = join(p.dir, "ci-run");
    for (const f of [
      "results.jsonl",
      "calls.jsonl",
      "summary.json",
      "comparison.json",
      "report.md",
      "junit.xml",
      "report.json",
      "run.json",
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md.startsWith("<!-- llmops-report -->")).toBe(true);
    expect(md).toContain("FAILED");
    expect(md).not.toContain("<script>");
    expect(md).not.toMatch(/(?<!&#64;)@octocat/);
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
    const step = readFileSync(summaryFile, "utf8");
    expect(step.startsWith("# earlier step\n")).toBe(true);
    expect(step).toContain("<!-- llmops-report -->");
    const annotations = r.stderr.split("\n").filter((l) => l.startsWith("::error "));
    expect(annotations).toHaveLength(9);
    expect(annotations[0]).toMatch(
      /^::error file=evals\/echo\.eval\.yml,line=\d+,title=llmops%3A echo\/q\d+ regressed \[fake\]::/,
    );

    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const junit = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = junit.testsuites.testsuite;
    expect(Number(suite["@_tests"])).toBe(30);
    expect(Number(suite["@_failures"])).toBe(9);
    const json = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(json).toMatchObject({ schemaVersion: 1, kind: "llmops-report", verdict: "fail" });
  });

  it("llmops report renders a run folder in each format, by default the latest run", async () => {
    answer(new Set(["q1"]));
    const p = project();
    expect((await runInProcess(["eval"], { cwd: p.dir, env })).code).toBe(0);
    const md = await runInProcess(["report"], { cwd: p.dir, env: {} });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("<!-- llmops-report -->");
    const runs = readdirSync(join(p.dir, ".llmops/runs"));
    const junit = await runInProcess(
      ["report", join(".llmops/runs", runs[0]!), "--format", "junit", "--out", "j.xml"],
      { cwd: p.dir, env: {} },
    );
    expect(junit.code).toBe(0);
    expect(XMLValidator.validate(readFileSync(join(p.dir, "j.xml"), "utf8"))).toBe(true);
    const json = await runInProcess(["report", "--format", "json"], { cwd: p.dir, env: {} });
    expect(JSON.parse(json.stdout).kind).toBe("llmops-report");
    const bad = await runInProcess(["report", "--format", "pdf"], { cwd: p.dir, env: {} });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown report format "pdf"');
  });

  it("a run split in 3 shards and merged gives the summary and verdict of the unsharded run", async () => {
    answer(new Set(["q2", "q5", "q7", "q11", "q13", "q17", "q19", "q23"]));
    const p = project();
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    answer(new Set(cases.slice(0, 12)));
    const whole = await runInProcess(["eval", "--out", "whole", "--json"], { cwd: p.dir, env });
    for (const i of [1, 2, 3]) {
      const shard = await runInProcess(["eval", "--shard", `${i}/3`, "--out", `shard-${i}`], {
        cwd: p.dir,
        env,
      });
      expect(shard.code, `shard ${i} exits 0: the gate is decided by merge`).toBe(0);
    }
    const counts = [1, 2, 3].map(
      (i) =>
        readFileSync(join(p.dir, `shard-${i}`, "results.jsonl"), "utf8")
          .trim()
          .split("\n").length,
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    const merged = await runInProcess(
      ["merge", "shard-1", "shard-2", "shard-3", "--out", "merged", "--json"],
      { cwd: p.dir, env: {} },
    );
    const a = JSON.parse(whole.stdout);
    const b = JSON.parse(merged.stdout);
    expect(merged.code).toBe(whole.code);
    const strip = (s: {
      suites: unknown[];
      comparison: {
        verdict: string;
        suites: { test: unknown; counts: unknown; decision: string; checks: unknown }[];
      };
    }) => ({
      suites: s.suites,
      verdict: s.comparison.verdict,
      tests: s.comparison.suites.map((x) => [x.test, x.counts, x.decision, x.checks]),
    });
    expect(strip(b)).toEqual(strip(a));
    const partial = await runInProcess(["merge", "shard-1", "shard-3", "--out", "partial"], {
      cwd: p.dir,
      env: {},
    });
    expect(partial.stderr).toContain("shard 2 not given: the merged run is partial");
    const notShard = await runInProcess(["merge", "whole", "--out", "x"], { cwd: p.dir, env: {} });
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toContain("is not a shard");
  });
});
