import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastUser, localProvider } from "../test-support/eval-project.js";
import type { Behavior, RecordedCall } from "../test-support/fake-openai.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { TrialResult } from "./types.js";

// Most tests here run the CLI in this process (runInProcess: main() with captured output, the
// binary's code path minus bin/), ~2.5x faster; the ones that prove the binary's exit code and
// files run it as a subprocess (runCli).

const env = { TEST_LLM_KEY: "sk-test-judge" };
const t = useFakeOpenAI();

function project(opts: { structured?: "tool"; scorers: string }) {
  const p = tempProject({
    "llmops.yaml": `${localProvider(t.server.url)}${opts.structured ? `    structuredOutput: ${opts.structured}\n` : ""}models:
  answerer: { provider: local, id: answer-model, price: { input: 1, output: 1 } }
  judge-m: { provider: local, id: judge-model, price: { input: 10, output: 10 } }
judge: judge-m
`,
    "prompts/rag.prompt.yml":
      "name: rag\nmodel: answerer\nmessages:\n  - role: system\n    content: 'Answer from the context: {{context}}'\n  - role: user\n    content: '{{question}}'\n",
    "evals/rag.eval.yml": `description: rag
prompt: ../prompts/rag.prompt.yml
scorers:
${opts.scorers}
cases:
  - id: grounded
    vars: { question: "How long do refunds take?", context: "Refunds take 5-10 business days." }
    expected: "5 to 10 business days."
  - id: invented
    vars: { question: "Is there a Gantt view?", context: "Recurring tasks repeat daily or weekly." }
    expected: "The articles do not cover it."
`,
  });
  t.cleanup = p.cleanup;
  return p;
}

const isJudge = (call: RecordedCall) => call.body.model === "judge-model";

/** The answerer answers; the judge says grounded unless the answer mentions Gantt. */
function judgeServer(reply: (call: RecordedCall, verdicts: string[]) => Behavior) {
  t.server.setHandler((call) => {
    if (!isJudge(call)) {
      const q = lastUser(call);
      return {
        content: q.includes("Gantt")
          ? "Yes, there is a Gantt view under Views > Gantt."
          : "Refunds take 5-10 business days.",
        usage: { prompt_tokens: 30, completion_tokens: 10 },
      };
    }
    const schema =
      (
        call.body.response_format as
          | { json_schema?: { schema: Record<string, unknown> } }
          | undefined
      )?.json_schema?.schema ??
      (call.body.tools as { function: { parameters: Record<string, unknown> } }[] | undefined)?.[0]
        ?.function.parameters;
    const verdicts =
      (schema?.properties as Record<string, { enum?: string[] }>)?.verdict?.enum ?? [];
    return reply(call, verdicts);
  });
}

function results(dir: string): TrialResult[] {
  const runs = join(dir, ".llmops/runs");
  const last = readdirSync(runs).sort().pop()!;
  return readFileSync(join(runs, last, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

const verdictJson = (verdict: string, reasoning: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ reasoning, ...extra, verdict });

describe("LLM judges against a local server acting as the judge", () => {
  it("structured verdicts: score from the enum, reasoning kept, judge cost separate, temperature 0", async () => {
    judgeServer((call, verdicts) => {
      const answer = (call.body.messages as { content: string }[])[1]!.content;
      const invented = answer.includes("Gantt");
      // A stray "1" and the other verdict's name in the reasoning must not matter.
      return {
        content: verdictJson(
          invented ? verdicts.at(-1)! : verdicts[0]!,
          `Step 1: ${invented ? "grounded? no" : "ungrounded? no, all supported"}`,
          { unsupported_claims: invented ? ["there is a Gantt view"] : [] },
        ),
        usage: { prompt_tokens: 100, completion_tokens: 20 },
      };
    });
    const p = project({ scorers: "  - { type: groundedness }" });
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const byCase = Object.fromEntries(results(p.dir).map((x) => [x.case, x]));
    const g = byCase.grounded!;
    expect(g.scores[0]).toMatchObject({ name: "groundedness", value: 1, pass: true });
    expect(g.scores[0]!.judge).toMatchObject({
      model: "judge-m",
      verdict: "grounded",
      reasoning: "Step 1: ungrounded? no, all supported",
      source: "live",
    });
    expect(g.scores[0]!.judge!.promptDigest).toMatch(/^[0-9a-f]{12}$/);
    expect(g.judge).toEqual({ promptTokens: 100, completionTokens: 20, cost: 0.0012, calls: 1 });
    expect(g.cost).toBeCloseTo(40e-6, 12);
    const inv = byCase.invented!;
    expect(inv.scores[0]).toMatchObject({ value: 0, pass: false });
    expect(inv.scores[0]!.reason).toContain('Unsupported: "there is a Gantt view"');

    const judgeCalls = t.server.calls.filter(isJudge).slice(-2);
    for (const c of judgeCalls) {
      expect(c.body.temperature).toBe(0);
      const rf = c.body.response_format as {
        type: string;
        json_schema: { strict: boolean; schema: { required: string[] } };
      };
      expect(rf.type).toBe("json_schema");
      expect(rf.json_schema.strict).toBe(true);
      expect(rf.json_schema.schema.required).toEqual([
        "reasoning",
        "unsupported_claims",
        "verdict",
      ]);
      expect((c.body.messages as { content: string }[])[1]!.content).toMatch(
        /<output>\n[\s\S]*\n<\/output>/,
      );
    }
    const summary = JSON.parse(
      readFileSync(
        join(p.dir, ".llmops/runs", readdirSync(join(p.dir, ".llmops/runs"))[0]!, "summary.json"),
        "utf8",
      ),
    );
    expect(summary.suites[0].judge).toMatchObject({
      promptTokens: 200,
      completionTokens: 40,
      calls: 2,
    });
    expect(summary.suites[0].judge.cost).toBeCloseTo(0.0024, 10);
    expect(summary.suites[0].tokens).toEqual({ prompt: 60, completion: 20 });
  });

  it("forced tool calls where the endpoint lacks json_schema", async () => {
    judgeServer((_call, verdicts) => ({
      toolCall: { name: "submit_verdict", arguments: verdictJson(verdicts[0]!, "fine") },
    }));
    const p = project({ structured: "tool", scorers: "  - { type: answer-relevance }" });
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    for (const x of results(p.dir)) expect(x.scores[0]).toMatchObject({ value: 1, pass: true });
    const last = t.server.calls.filter(isJudge).at(-1)!;
    expect(last.body.response_format).toBeUndefined();
    expect(last.body.tool_choice).toEqual({
      type: "function",
      function: { name: "submit_verdict" },
    });
  });

  it.each([
    ["prose instead of JSON", "The answer is grounded. Verdict: 1"],
    ["a verdict outside the enum", verdictJson("mostly", "close")],
    ["no verdict", JSON.stringify({ reasoning: "forgot" })],
  ])(
    "an unparseable reply (%s) scores 0 with judge_parse, never a pass or a crash",
    async (_label, content) => {
      judgeServer(() => ({ content }));
      const p = project({
        scorers: "  - { type: groundedness, not: true }\n  - { type: length, max: 500 }",
      });
      const r = await runInProcess(["eval"], { cwd: p.dir, env });
      expect(r.code).toBe(0);
      for (const x of results(p.dir)) {
        expect(x.scores[0]).toMatchObject({ value: 0, pass: false, error: "judge_parse" });
        expect(x.scores[1]).toMatchObject({ pass: true });
        expect(x.pass).toBe(false);
      }
      expect(r.stdout).toContain("(judge_parse)");
    },
  );

  it("llm-rubric, llm-classify and github/similarity; recorded judge calls replay offline", async () => {
    judgeServer((call, verdicts) => {
      const user = (call.body.messages as { content: string }[])[1]!.content;
      const bad = user.includes("Gantt");
      if (verdicts.includes("5")) return { content: verdictJson(bad ? "1" : "4", "compared") };
      if (verdicts.includes("partial"))
        return { content: verdictJson(bad ? "fail" : "pass", "rubric checked") };
      return { content: verdictJson(bad ? "bad" : "good", "classified") };
    });
    const p = project({
      scorers: [
        "  - { type: llm-rubric, rubric: 'Only states facts from {{context}}; mentions no feature the context lacks.' }",
        "  - type: llm-classify",
        "    prompt: 'Is this reply to {{question}} acceptable? {{completion}}'",
        "    choices: [{ choice: good, score: 1 }, { choice: bad, score: 0 }]",
        "  - { type: github, evaluator: similarity }",
      ].join("\n"),
    });
    const rec = await runInProcess(["eval", "--record"], { cwd: p.dir, env });
    expect(rec.code).toBe(0);
    const live = Object.fromEntries(results(p.dir).map((x) => [x.case, x]));
    expect(live.grounded!.scores.map((s) => [s.name, s.value, s.pass])).toEqual([
      ["llm-rubric", 1, true],
      ["llm-classify", 1, true],
      ["github/similarity", 0.75, true],
    ]);
    expect(live.invented!.scores.map((s) => s.value)).toEqual([0, 0, 0]);
    const fixtures = readdirSync(join(p.dir, "fixtures/rag")).sort();
    expect(fixtures).toEqual(["answerer.yml", "judge-m.yml"]);
    const judgeFixture = readFileSync(join(p.dir, "fixtures/rag/judge-m.yml"), "utf8");
    expect(judgeFixture).toContain("kind: judge");
    expect(judgeFixture).toContain("scorer: github/similarity");

    const before = t.server.calls.length;
    const replay = await runInProcess(["eval", "--replay"], { cwd: p.dir, env: {} });
    expect(replay.code).toBe(0);
    expect(t.server.calls.length).toBe(before);
    const replayed = Object.fromEntries(results(p.dir).map((x) => [x.case, x]));
    expect(replayed.grounded!.scores.map((s) => s.value)).toEqual([1, 1, 0.75]);
    expect(replayed.grounded!.scores[0]!.judge!.source).toBe("fixture");
  });

  it("a judge call missing from the recordings is exit 3 in replay mode", async () => {
    judgeServer((_c, verdicts) => ({ content: verdictJson(verdicts[0]!, "ok") }));
    const p = project({ scorers: "  - { type: answer-relevance }" });
    expect((await runCli(["eval", "--record"], { cwd: p.dir, env })).code).toBe(0);
    p.write({
      "evals/rag.eval.yml": readFileSync(join(p.dir, "evals/rag.eval.yml"), "utf8").replace(
        "answer-relevance",
        "closed-qa, criterion: 'Says how long'",
      ),
    });
    const r = await runCli(["eval", "--replay"], { cwd: p.dir, env: {} });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("(judge closed-qa)");
    expect(r.stderr).toContain("llmops eval --record");
  });

  it("validation: a judge scorer whose variables a case lacks is exit 2", async () => {
    const p = project({ scorers: "  - { type: context-relevance, context: docs }" });
    const r = await runInProcess(["validate"], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("scorer context-relevance needs the context in the variable docs");
  });

  it("judge check: runs only the judges on labelled cases and gates on kappa", async () => {
    judgeServer((call, verdicts) => {
      const answer = (call.body.messages as { content: string }[])[1]!.content;
      return {
        content: verdictJson(answer.includes("Gantt") ? verdicts.at(-1)! : verdicts[0]!, "checked"),
      };
    });
    const p = project({
      scorers: "  - { type: groundedness }\n  - { type: contains, value: zzz }",
    });
    const suiteFile = join(p.dir, "evals/rag.eval.yml");
    const labelled = readFileSync(suiteFile, "utf8")
      .replace(
        'expected: "5 to 10 business days."',
        'expected: "5 to 10 business days."\n    human: pass',
      )
      .replace(
        'expected: "The articles do not cover it."',
        'expected: "The articles do not cover it."\n    human: pass',
      );
    p.write({ "evals/rag.eval.yml": labelled });
    const before = t.server.calls.length;
    const r = await runInProcess(["judge", "check", "--json"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scorers).toHaveLength(1);
    // The judge failed the invented answer a human passed: one false fail of two.
    expect(out.scorers[0]).toMatchObject({
      scorer: "groundedness",
      n: 2,
      accuracy: 0.5,
      confusion: { truePass: 1, falseFail: 1 },
    });
    expect(t.server.calls.length - before).toBe(4);
    // The disagreement is named, with the judge's reasoning, and kappa's 0 is explained.
    expect(out.scorers[0].disagreements).toEqual([
      { case: "invented", trial: 0, judge: "fail", human: "pass", value: 0, reasoning: "checked" },
    ]);
    expect(out.scorers[0].note).toContain("every human label is a pass");
    const gated = await runInProcess(["judge", "check", "--min-kappa", "0.6"], { cwd: p.dir, env });
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain("false pass: the judge passed what a human failed");
    expect(gated.stdout).toContain("rag/groundedness: the judge and the human disagree on 1:");
    expect(gated.stdout).toContain("  invented: judge failed (0.00), human passed: checked");
    expect(gated.stderr).toContain("kappa below 0.6 for rag/groundedness");
  });

  it("llm-prompt-injection: the judge variant of the injection guardrail, on an input", async () => {
    judgeServer((call, verdicts) => {
      const text = (call.body.messages as { content: string }[])[1]!.content;
      return {
        content: verdictJson(
          text.includes("Gantt") ? verdicts.at(-1)! : verdicts[0]!,
          "looked for manipulation",
        ),
      };
    });
    const p = project({ scorers: "  - { type: llm-prompt-injection, target: vars.question }" });
    expect((await runInProcess(["eval"], { cwd: p.dir, env })).code).toBe(0);
    const byCase = Object.fromEntries(results(p.dir).map((x) => [x.case, x]));
    expect(byCase.grounded!.scores[0]).toMatchObject({
      name: "llm-prompt-injection",
      value: 1,
      pass: true,
    });
    expect(byCase.invented!.scores[0]).toMatchObject({ value: 0, pass: false });
    expect(byCase.invented!.scores[0]!.judge!.verdict).toBe("injection");
    const judged = t.server.calls.filter(isJudge).at(-1)!;
    expect((judged.body.messages as { content: string }[])[1]!.content).toMatch(
      /<text>\n(Is there a Gantt view\?|How long do refunds take\?)\n<\/text>/,
    );
  });
});
