import { describe, expect, it } from "vitest";
import type { ScorerConfig } from "../config/schema/scorers.js";
import { ReplayMissError, RunError } from "../errors.js";
import { scoreContext } from "../test-support/score-context.js";
import { applyScorer, combineScores } from "./apply.js";
import { scorerRegistry } from "./registry.js";
import type { RawScore, Score, ScoreContext, ScorerRegistry } from "./types.js";

const ctxFor = (output = "out"): ScoreContext => scoreContext(output);

/** The real registry with `similarity` replaced by a scorer that returns `raw` (or throws). */
function registryWith(raw: RawScore | (() => RawScore), defaultThreshold?: number): ScorerRegistry {
  const score = typeof raw === "function" ? raw : () => raw;
  return {
    ...scorerRegistry,
    similarity: { score, ...(defaultThreshold === undefined ? {} : { defaultThreshold }) },
  };
}

const apply = (
  raw: RawScore | (() => RawScore),
  config: Partial<ScorerConfig>,
  defaultThreshold?: number,
) =>
  applyScorer(
    registryWith(raw, defaultThreshold),
    { type: "similarity", ...config } as ScorerConfig,
    ctxFor(),
  );

describe("applyScorer", () => {
  it.each([
    // raw value, not, threshold, default threshold, value, pass
    ["1 passes at the default threshold 1", 1, false, undefined, undefined, 1, true],
    ["0.99 fails at the default threshold 1", 0.99, false, undefined, undefined, 0.99, false],
    ["the scorer's default threshold applies", 0.5, false, undefined, 0.5, 0.5, true],
    ["just under the scorer's default fails", 0.49, false, undefined, 0.5, 0.49, false],
    ["an explicit threshold wins over the default", 0.5, false, 0.6, 0.5, 0.5, false],
    ["explicit threshold 0 passes anything", 0, false, 0, undefined, 0, true],
    ["not: 0 becomes 1", 0, true, undefined, undefined, 1, true],
    ["not: 1 becomes 0", 1, true, undefined, undefined, 0, false],
    ["not, then the threshold", 0.3, true, 0.7, undefined, 0.7, true],
    ["not, then the threshold (fail)", 0.31, true, 0.7, undefined, 0.69, false],
    ["a value above 1 is clamped", 1.5, false, undefined, undefined, 1, true],
    ["a negative value is clamped", -0.5, false, 0, undefined, 0, true],
    ["NaN counts as 0", Number.NaN, false, undefined, 0.5, 0, false],
  ])("%s", async (_l, rawValue, not, threshold, defaultThreshold, value, pass) => {
    const s = await apply({ value: rawValue, reason: "r" }, { not, threshold }, defaultThreshold);
    expect(s.value).toBeCloseTo(value, 10);
    expect(s.pass).toBe(pass);
    expect(s.threshold).toBe(threshold ?? defaultThreshold ?? 1);
  });

  it("prefixes a negated reason with not:", async () => {
    expect((await apply({ value: 0, reason: "no match" }, { not: true })).reason).toBe(
      "not: no match",
    );
    expect((await apply({ value: 0, reason: "no match" }, {})).reason).toBe("no match");
  });

  it("names the score after the type unless given a name", async () => {
    expect(await apply({ value: 1, reason: "r" }, {})).toMatchObject({
      name: "similarity",
      type: "similarity",
    });
    expect(await apply({ value: 1, reason: "r" }, { name: "close" })).toMatchObject({
      name: "close",
      type: "similarity",
    });
  });

  it.each([
    [undefined, 1],
    [3, 3],
    [0, 0],
  ])("weight %s is kept as %s", async (weight, want) => {
    expect((await apply({ value: 1, reason: "r" }, { weight })).weight).toBe(want);
  });

  it("keeps judge details", async () => {
    const judge = {
      model: "m",
      verdict: "pass",
      reasoning: "ok",
      promptDigest: "p",
      usage: undefined,
      cost: undefined,
      source: "live" as const,
    };
    expect((await apply({ value: 1, reason: "r", judge }, {})).judge).toEqual(judge);
    expect(await apply({ value: 1, reason: "r" }, {})).not.toHaveProperty("judge");
  });

  it("a scorer that throws scores 0 with error scorer", async () => {
    const s = await apply(
      () => {
        throw new TypeError("boom");
      },
      { not: true, threshold: 0 },
    );
    expect(s).toMatchObject({
      value: 0,
      pass: false,
      error: "scorer",
      reason: "scorer failed: boom",
    });
  });

  it("a scorer that rejects scores 0 with error scorer", async () => {
    const registry = {
      ...scorerRegistry,
      similarity: { score: () => Promise.reject(new Error("later")) },
    };
    const s = await applyScorer(registry, { type: "similarity" }, ctxFor());
    expect(s).toMatchObject({
      value: 0,
      pass: false,
      error: "scorer",
      reason: "scorer failed: later",
    });
  });

  it.each([
    ["a replay miss", new ReplayMissError("no recording", "record first")],
    ["a run error", new RunError("stopped")],
  ])("%s is the run's concern and propagates", async (_l, err) => {
    await expect(
      apply(() => {
        throw err;
      }, {}),
    ).rejects.toBe(err);
  });

  it.each([
    ["plain", { value: 0, reason: "unknown", error: "unknown_cost" }, {}],
    ["negated", { value: 0, reason: "unknown", error: "unknown_cost" }, { not: true }],
    [
      "negated with threshold 0",
      { value: 0, reason: "unknown", error: "unknown_cost" },
      { not: true, threshold: 0 },
    ],
    ["reporting value 1", { value: 1, reason: "odd", error: "judge_parse" }, {}],
    ["reporting value 1 negated", { value: 1, reason: "odd", error: "judge_parse" }, { not: true }],
  ] as [string, RawScore, Partial<ScorerConfig>][])(
    "an error never passes (%s)",
    async (_l, raw, config) => {
      const s = await apply(raw, config);
      expect(s).toMatchObject({ value: 0, pass: false, error: raw.error, reason: raw.reason });
    },
  );

  it("without an error, the score has no error field", async () => {
    expect(await apply({ value: 1, reason: "r" }, {})).not.toHaveProperty("error");
  });

  it("uses each real scorer's default threshold", async () => {
    const ctx = ctxFor("Parys");
    const sim = await applyScorer(scorerRegistry, { type: "similarity", value: "Paris" }, ctx);
    const eq = await applyScorer(scorerRegistry, { type: "equals", value: "Paris" }, ctx);
    expect([sim.threshold, eq.threshold]).toEqual([0.8, 1]);
  });
});

const s = (value: number, pass: boolean, weight = 1): Score => ({
  name: "s",
  type: "contains",
  value,
  pass,
  reason: "",
  weight,
  threshold: 1,
});

describe("combineScores", () => {
  it.each([
    ["no scorers", [], 0, false],
    ["one passing", [s(1, true)], 1, true],
    ["one failing", [s(0, false)], 0, false],
    ["mean of equal weights", [s(1, true), s(0.5, true)], 0.75, true],
    ["weighted mean", [s(1, true, 3), s(0, false, 1)], 0.75, false],
    ["weight 0 does not count in the score", [s(1, true, 1), s(0, true, 0)], 1, true],
    ["weight 0 still has to pass", [s(1, true, 1), s(1, false, 0)], 1, false],
    ["all weights 0: plain mean", [s(1, true, 0), s(0, true, 0)], 0.5, true],
    ["one failure fails the trial", [s(1, true), s(1, true), s(0.9, false)], 2.9 / 3, false],
    ["fractional weights", [s(1, true, 0.2), s(0.5, true, 0.8)], 0.6, true],
  ] as [string, Score[], number, boolean][])("%s", (_l, scores, score, pass) => {
    const r = combineScores(scores);
    expect(r.score).toBeCloseTo(score, 10);
    expect(r.pass).toBe(pass);
  });
});
