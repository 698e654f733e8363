/**
 * Which model, checked by seeded simulation of matrix runs: a reference model and a cheaper one
 * on the same 200 cases (the population of gate-simulation.test.ts: 106 always pass, 27 always
 * fail, 67 flaky with a pass probability uniform in [0.2, 0.8]), each case scored as the mean of
 * its trials, margin 0.05, alpha 0.05, 200 repetitions per scenario.
 *
 * Measured recommendation rates of the cheaper model (seeds 601..604):
 *   as good as the reference, 3 trials               91.5%
 *   worse by twice the margin (10 points), 3 trials   0%
 *   as good as the reference, 1 trial                61.5%
 *   worse by twice the margin, 1 trial                0%
 * With one trial the flaky cases' noise widens the bound: an equal model is shown non-inferior
 * only about 6 times in 10 at this margin; more trials (or a wider margin) buy the decision.
 */
import { describe, expect, it } from "vitest";
import type { ModelRecord } from "./records.js";
import { createSeededRandom } from "./stats.js";
import { chooseModel } from "./which-model.js";

type Random = () => number;
const CASES = 200;
const MARGIN = 0.05;
const ALPHA = 0.05;
const REPETITIONS = 200;

function drawPopulation(random: Random): number[] {
  return Array.from({ length: CASES }, (_, i) =>
    i < 133 ? (i < 106 ? 1 : 0) : 0.2 + 0.6 * random(),
  );
}

/** One model's run as the record llmops folds: per case, the 0/1 score of every trial. */
function runModel(
  latent: readonly number[],
  trials: number,
  cost: number,
  latencyMs: number,
  random: Random,
): ModelRecord {
  const cases: ModelRecord["cases"] = {};
  latent.forEach((p, i) => {
    const scores = Array.from({ length: trials }, () => (random() < p ? 1 : 0));
    cases[`c${String(i).padStart(3, "0")}`] = record(scores, cost, latencyMs);
  });
  return { promptVersion: "v", trials, cases };
}

function record(
  scores: number[],
  cost: number | null,
  latencyMs: number,
): ModelRecord["cases"][string] {
  return {
    caseDigest: "d",
    scores,
    passes: scores.filter((s) => s >= 1).length,
    errors: {},
    outputs: scores.map(() => null),
    scorers: [],
    judges: [],
    tokens: { prompt: 100, completion: 20 },
    cost,
    latencyMs,
  };
}

/** Share of repetitions in which the cheaper model is recommended. */
function recommendRate(
  seed: number,
  trials: number,
  cheap: (latent: readonly number[]) => number[],
): number {
  const random = createSeededRandom(seed);
  let recommended = 0;
  for (let r = 0; r < REPETITIONS; r++) {
    const latent = drawPopulation(random);
    const models = new Map([
      ["big", runModel(latent, trials, 0.001, 900, random)],
      ["small", runModel(cheap(latent), trials, 0.0002, 400, random)],
    ]);
    const choice = chooseModel({
      suite: "s",
      models,
      reference: "big",
      margin: MARGIN,
      alpha: ALPHA,
    });
    if (choice?.recommended?.model === "small") recommended++;
  }
  return recommended / REPETITIONS;
}

const same = (latent: readonly number[]) => [...latent];
/** 40 always-passing cases now pass half the time: 40 * 0.5 / 200 = 10 points, twice the margin. */
const twiceTheMargin = (latent: readonly number[]) => latent.map((q, i) => (i < 40 ? 0.5 : q));

describe("which model: non-inferiority by simulation", () => {
  it("recommends a cheaper model as good as the reference in at least 90% of runs", () => {
    expect(recommendRate(601, 3, same)).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    [3, 602],
    [1, 604],
  ])(
    "recommends one worse by twice the margin in at most 1 run in 20, %i trial(s), seed %i",
    (trials, seed) => {
      expect(recommendRate(seed, trials, twiceTheMargin)).toBeLessThanOrEqual(0.05);
    },
  );
});

describe("which model: arithmetic", () => {
  const model = (scores: number[], cost: number | null, latencyMs: number): ModelRecord => ({
    promptVersion: "v",
    trials: 1,
    cases: Object.fromEntries(scores.map((s, i) => [`c${i}`, record([s], cost, latencyMs)])),
  });
  const ones = Array.from({ length: 200 }, () => 1);

  it("ranks by cost, names the cheapest non-inferior model and its saving", () => {
    const models = new Map([
      ["big", model(ones, 0.002, 900)],
      ["mid", model(ones, 0.001, 700)],
      [
        "tiny",
        model(
          ones.map((s, i) => (i < 20 ? 0 : s)),
          0.0001,
          300,
        ),
      ],
    ]);
    const c = chooseModel({ suite: "s", models, reference: "big", margin: 0.03, alpha: 0.05 })!;
    expect(c.models.map((m) => m.model)).toEqual(["tiny", "mid", "big"]);
    expect(c.models.map((m) => m.nonInferior)).toEqual([false, true, true]);
    expect(c.recommended).toEqual({ model: "mid", savingPct: 0.5, savingPer1k: 1 });
    // tiny is cheapest and fastest, mid best quality among the cheaper: big is dominated by mid.
    expect(c.models.map((m) => m.pareto)).toEqual([true, true, false]);
  });

  it("recommends nothing without the reference's cost or a cheaper non-inferior model", () => {
    const unpriced = new Map([
      ["big", model(ones, null, 900)],
      ["mid", model(ones, 0.001, 700)],
    ]);
    expect(
      chooseModel({ suite: "s", models: unpriced, reference: "big", margin: 0.03, alpha: 0.05 })!
        .recommended,
    ).toBeNull();
    const dearer = new Map([
      ["big", model(ones, 0.001, 900)],
      ["mid", model(ones, 0.002, 700)],
    ]);
    expect(
      chooseModel({ suite: "s", models: dearer, reference: "big", margin: 0.03, alpha: 0.05 })!
        .recommended,
    ).toBeNull();
    expect(
      chooseModel({ suite: "s", models: dearer, reference: "gone", margin: 0.03, alpha: 0.05 }),
    ).toBeNull();
  });

  it("slices by tag: where the cheap model is fine and where it is not", () => {
    const models = new Map([
      ["big", model([1, 1, 1, 1], 0.002, 900)],
      ["tiny", model([1, 1, 0, 0], 0.0001, 300)],
    ]);
    const tags = new Map([
      ["c0", ["easy"]],
      ["c1", ["easy"]],
      ["c2", ["hard"]],
      ["c3", ["hard", "easy"]],
    ]);
    const c = chooseModel({
      suite: "s",
      models,
      reference: "big",
      margin: 0.03,
      alpha: 0.05,
      tags,
    })!;
    expect(c.slices.filter((s) => s.model === "tiny")).toEqual([
      { tag: "easy", model: "tiny", cases: 3, meanScore: 0.666667, diff: -0.333333 },
      { tag: "hard", model: "tiny", cases: 2, meanScore: 0, diff: -1 },
    ]);
  });
});
