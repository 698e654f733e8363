import { describe, expect, it } from "vitest";
import type { HumanLabel } from "../config/schema/suite.js";
import { UsageError } from "../errors.js";
import type { ViewCase, ViewTrial } from "./data.js";
import { buildQueue, casesFromExport } from "./queue.js";

type Score = ViewTrial["scores"][number];
const score = (name: string, type: string, value: number, extra: Partial<Score> = {}): Score => ({
  name,
  type,
  threshold: 0.5,
  value,
  pass: value >= 0.5,
  reason: `${name} said ${value}`,
  error: null,
  judgeReasoning: null,
  ...extra,
});
const vcase = (id: string, scores: Score[], error: string | null = null): ViewCase => ({
  key: `s/m/${id}`,
  suite: "s",
  model: "m",
  id,
  vars: { q: id },
  expected: null,
  caseDigest: "d",
  baselineOutput: null,
  trials: [
    {
      trial: 0,
      output: "o",
      score: 0,
      pass: scores.every((x) => x.pass) && !error,
      latencyMs: 1,
      tokens: null,
      cost: null,
      error,
      scores,
    },
  ],
});
const opts = (human: Record<string, HumanLabel> = {}) => ({
  human: new Map([["s", new Map(Object.entries(human))]]),
  isJudge: (t: string) => t === "llm-rubric",
  isGuard: (t: string) => t === "pii",
});

describe("buildQueue", () => {
  it("ranks disagreement > guardrail > error > low confidence, with a reason each, and leaves calm cases out", () => {
    const cases = [
      vcase("calm", [score("judge", "llm-rubric", 1), score("pii", "pii", 1)]),
      vcase("close", [score("judge", "llm-rubric", 0.55)]),
      vcase("closer", [score("judge", "llm-rubric", 0.5)]),
      vcase("broke", [], "timeout: no reply in 1500 ms"),
      vcase("leak", [score("pii", "pii", 0, { reason: "found email j***@x.com" })]),
      vcase("disagree", [score("judge", "llm-rubric", 0.9)]),
      // Only a deterministic scorer near its threshold: not a judge, not low confidence.
      vcase("contains", [score("contains", "contains", 0.5)]),
    ];
    const q = buildQueue(cases, opts({ disagree: "fail", calm: "pass", close: 0.6 }));
    expect(q.map((x) => [x.rank, x.case])).toEqual([
      [1, "disagree"],
      [2, "leak"],
      [3, "broke"],
      [4, "closer"],
      [5, "close"],
    ]);
    expect(q[0]!.reasons).toEqual([
      { kind: "disagreement", detail: "judge: judge passed (0.90), human failed" },
    ]);
    expect(q[1]!.reasons).toEqual([{ kind: "guardrail", detail: "pii: found email j***@x.com" }]);
    expect(q[2]!.reasons).toEqual([{ kind: "error", detail: "timeout: no reply in 1500 ms" }]);
    expect(q[3]!.reasons).toEqual([
      { kind: "low-confidence", detail: "judge: 0.50 against threshold 0.5" },
    ]);
    // A graded human label agreeing (0.6 passes at 0.5) adds no disagreement.
    expect(q[4]!.reasons.map((r) => r.kind)).toEqual(["low-confidence"]);
    expect(q[3]!.priority).toBeGreaterThan(q[4]!.priority);
  });

  it("reads per-scorer human labels and the margin option", () => {
    const cases = [vcase("a", [score("j1", "llm-rubric", 0.3), score("j2", "llm-rubric", 0.3)])];
    const q = buildQueue(cases, { ...opts({ a: { j2: "pass" } }), margin: 0.1 });
    expect(q[0]!.reasons).toEqual([
      { kind: "disagreement", detail: "j2: judge failed (0.30), human passed" },
    ]);
    expect(buildQueue(cases, { ...opts(), margin: 0.25 })[0]!.reasons).toHaveLength(2);
  });

  it("puts monitor-flagged records in the queue with why they were flagged", () => {
    const text = [
      JSON.stringify({
        id: "prod-abc",
        description: "pii: found an email (from logs/a.jsonl:3)",
        vars: { input: "hi", output_seen: "mail me at x@y.z" },
        tags: ["monitor", "pii", "model:gpt-x"],
      }),
      "",
    ].join("\n");
    const { cases, flagged } = casesFromExport(text, "flagged.jsonl");
    expect(cases).toMatchObject([{ key: "monitor/gpt-x/prod-abc", trials: [] }]);
    const q = buildQueue(cases, { ...opts(), flagged });
    expect(q).toMatchObject([
      {
        rank: 1,
        suite: "monitor",
        case: "prod-abc",
        reasons: [
          {
            kind: "monitor",
            detail: "flagged in production: pii: found an email (from logs/a.jsonl:3)",
          },
        ],
      },
    ]);
  });

  it("names the file and line of a bad export row", () => {
    const bad = `${JSON.stringify({ id: "x", vars: {} })}\n{"id": 3}\n`;
    expect(() => casesFromExport(bad, "f.jsonl")).toThrow(UsageError);
    expect(() => casesFromExport(bad, "f.jsonl")).toThrow(
      /^f\.jsonl:2:1: not a monitor export row/,
    );
    expect(() => casesFromExport("nope\n", "f.jsonl")).toThrow(/^f\.jsonl:1:1: not JSON/);
  });
});
