import { describe, expect, it } from "vitest";
import { agreement, type Confusion, cohensKappa, confusion, spearman } from "./agreement.js";

/** A confusion table from its four cells: true pass, true fail, false pass, false fail. */
function table(
  truePass: number,
  trueFail: number,
  falsePass: number,
  falseFail: number,
): Confusion {
  return { truePass, trueFail, falsePass, falseFail };
}

describe("confusion", () => {
  it("counts each judge/human combination in its cell", () => {
    const pairs = [
      { judge: true, human: true },
      { judge: true, human: true },
      { judge: false, human: false },
      { judge: true, human: false },
      { judge: false, human: true },
      { judge: false, human: true },
      { judge: false, human: true },
    ];
    expect(confusion(pairs)).toEqual(table(2, 1, 1, 3));
    expect(confusion([])).toEqual(table(0, 0, 0, 0));
  });
});

describe("cohensKappa", () => {
  it.each([
    // n = 50, observed agreement po = (20 + 15) / 50 = 0.7.
    // Judge passes 25/50 = 0.5, human passes 30/50 = 0.6.
    // Chance pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    ["worked example", table(20, 15, 5, 10), 0.4],
    ["perfect agreement", table(6, 4, 0, 0), 1],
    // po = 0, judge passes 0.5, human passes 0.5, pe = 0.5: kappa = -1.
    ["perfect disagreement", table(0, 0, 5, 5), -1],
    // Judge always passes: pe = humanPass = 0.5 = po, so no agreement beyond chance.
    ["judge always passes", table(5, 0, 5, 0), 0],
    ["everything passes for both: pe = 1, po = 1", table(8, 0, 0, 0), 1],
    ["everything fails for both: pe = 1, po = 1", table(0, 8, 0, 0), 1],
    // Judge always passes, human always fails: pe = 0, po = 0.
    ["opposite constant raters", table(0, 0, 8, 0), 0],
    ["no pairs", table(0, 0, 0, 0), 0],
  ])("%s", (_label, c, kappa) => {
    expect(cohensKappa(c)).toBeCloseTo(kappa, 12);
  });
});

describe("agreement", () => {
  it.each([
    // 8 of 10 agree: Wilson 95% about [0.490, 0.943].
    [table(5, 3, 1, 1), { n: 10, accuracy: 0.8, low: 0.4902, high: 0.9433 }],
    [table(6, 4, 0, 0), { n: 10, accuracy: 1, low: 0.7225, high: 1 }],
    [table(0, 0, 0, 0), { n: 0, accuracy: 0, low: 0, high: 1 }],
  ])("%j", (c, expected) => {
    const result = agreement(c);
    expect(result.n).toBe(expected.n);
    expect(result.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(result.low).toBeCloseTo(expected.low, 4);
    expect(result.high).toBeCloseTo(expected.high, 4);
  });
});

describe("spearman", () => {
  it.each([
    ["same order", [1, 2, 3, 4], [10, 20, 30, 40], 1],
    ["reversed", [1, 2, 3], [9, 5, 1], -1],
    ["monotone but not linear", [1, 2, 3, 4], [1, 8, 27, 1000], 1],
    // Ranks x: 1, 2.5, 2.5, 4; ranks y: 1, 2, 3.5, 3.5; both centred on 2.5.
    // dx = -1.5, 0, 0, 1.5; dy = -1.5, -0.5, 1, 1.
    // sum dx*dy = 2.25 + 1.5 = 3.75; sum dx^2 = 4.5; sum dy^2 = 2.25 + 0.25 + 1 + 1 = 4.5.
    // rho = 3.75 / 4.5 = 0.8333.
    ["ties on both sides", [1, 2, 2, 3], [10, 20, 30, 30], 3.75 / 4.5],
    // Judge scores against pass/fail labels (checked against scipy.stats.spearmanr).
    ["scores against labels", [0.9, 0.1, 0.5, 0.5, 0.3], [1, 0, 1, 0, 0], 0.7404360971988655],
  ])("%s", (_label, xs, ys, rho) => {
    expect(spearman(xs, ys)).toBeCloseTo(rho, 12);
  });

  it.each([
    ["no pairs", [], []],
    ["one pair", [1], [2]],
    ["constant x", [3, 3, 3], [1, 2, 3]],
    ["constant y", [1, 2, 3], [0, 0, 0]],
  ])("is undefined for %s", (_label, xs, ys) => {
    expect(spearman(xs, ys)).toBeNull();
  });

  it("rejects unpaired inputs", () => {
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
});
