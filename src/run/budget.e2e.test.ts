import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { RunSummary, TrialResult } from "./types.js";

const env = { TEST_LLM_KEY: "sk-test-budget" };
const t = useFakeOpenAI();

const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");

function project() {
  const p = evalProject({ baseURL: t.server.url, cases: ["ok-short", LONG] });
  t.cleanup = p.cleanup;
  // The prompt caps output, the suite limits input: the two budgets merge field by field.
  appendFileSync(
    join(p.dir, "prompts/echo.prompt.yml"),
    "llmops:\n  budget: { outputTokens: 50, inputTokens: 100000 }\n",
  );
  appendFileSync(join(p.dir, "evals/echo.eval.yml"), "budget: { inputTokens: 30 }\n");
  return p;
}

function results(dir: string): TrialResult[] {
  return readFileSync(join(dir, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("token budgets", () => {
  it("fails a case over budget.inputTokens with its count, without calling, and caps maxTokens", async () => {
    t.server.setHandler((call) => ({ content: `ok ${lastUser(call)}` }));
    const p = project();
    const before = t.server.calls.length;
    const r = await runCli(["eval", "--record", "--report", "markdown", "--out", "run1"], {
      cwd: p.dir,
      env,
    });
    // Gated: the suite fails on the budget check, with no baseline and whatever the error rate.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "FAILED: echo [fake]: 1 trial was over budget.inputTokens and not sent",
    );
    expect(r.stdout).toMatch(
      /over_budget: input is \d+ tokens \(o200k_base, approximate\), over budget\.inputTokens 30/,
    );
    // One call only: the short case. The long one never reached the endpoint.
    const sent = t.server.calls.slice(before);
    expect(sent).toHaveLength(1);
    expect(lastUser(sent[0]!)).toBe("Q: ok-short");
    expect(sent[0]!.body.max_tokens ?? sent[0]!.body.max_completion_tokens).toBe(50);
    const rs = results(join(p.dir, "run1"));
    const long = rs.find((x) => x.case !== "ok-short")!;
    expect(long.pass).toBe(false);
    expect(long.error?.class).toBe("over_budget");
    const count = Number(/input is (\d+) tokens/.exec(long.error!.message)![1]);
    expect(count).toBeGreaterThan(60);
    expect(long.usage).toBeNull();
    expect(long.cost).toBeNull();
    expect(rs.find((x) => x.case === "ok-short")!.pass).toBe(true);
    const summary: RunSummary = JSON.parse(readFileSync(join(p.dir, "run1/summary.json"), "utf8"));
    expect(summary.suites[0]!.errors).toEqual({ over_budget: 1 });
    // Where the input goes: the one variable dominates; p95 and max from the counts above.
    const b = summary.suites[0]!.budget!;
    expect(b).toMatchObject({ inputTokens: 30, outputTokens: 50, overBudget: 1 });
    expect(b.input.max).toBe(count);
    expect(b.input.p95).toBeLessThanOrEqual(count);
    expect(b.input.p95).toBeGreaterThan(30);
    expect(b.input.contextWindow).toBeNull();
    expect(b.perVariable.map((v) => v.name)).toEqual(["q"]);
    expect(b.perVariable[0]!.share).toBeGreaterThan(0.6);
    expect(b.perMessage).toHaveLength(1);
    expect(b.perMessage[0]!.role).toBe("user");
    expect(b.perMessage[0]!.share).toBeGreaterThan(0.9);
    expect(b.perMessage[0]!.share).toBeLessThan(1);
    const md = readFileSync(join(p.dir, "run1/report.md"), "utf8");
    expect(md).toContain(
      `  - token budget (input 30, output 50): input p95 ${b.input.p95} tokens, max ${count}`,
    );
    expect(md).toContain("context window unknown); 1 case over budget");
    expect(md).toMatch(
      /input tokens by variable: \{\{q\}\} \d+\.\d%; by message: \S*1 user \d+\.\d%/,
    );

    // A replay needs no recording for the refused case: it is refused again, still without a call.
    const calls = t.server.calls.length;
    const replay = await runInProcess(["eval", "--replay", "--out", "run2"], {
      cwd: p.dir,
      env: {},
    });
    expect(replay.stderr).not.toContain("no recorded response");
    expect(replay.code).toBe(1);
    expect(t.server.calls.length).toBe(calls);
    expect(results(join(p.dir, "run2")).find((x) => x.case !== "ok-short")!.error?.class).toBe(
      "over_budget",
    );
  });

  it("a budget that is not a positive integer is a config error with its place", async () => {
    const p = evalProject({ baseURL: t.server.url, cases: ["a"] });
    t.cleanup = p.cleanup;
    appendFileSync(join(p.dir, "evals/echo.eval.yml"), "budget: { inputTokens: -3 }\n");
    const r = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/echo\.eval\.yml:\d+:\d+/);
    expect(r.stderr + r.stdout).toContain("budget.inputTokens");
  });
});
