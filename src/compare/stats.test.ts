import { describe, expect, it } from "vitest";
import {
  binomialCdf,
  createSeededRandom,
  decide,
  holm,
  minimumDetectableEffect,
  normalCdf,
  normalQuantile,
  type PairedTest,
  pairedDropTest,
  tCdf,
  tQuantile,
  wilson,
} from "./stats.js";

/** Per-case differences from counts of pass->fail, fail->pass and unchanged cases. */
function passFailDiffs(worse: number, better: number, same: number): number[] {
  return [...Array(worse).fill(-1), ...Array(better).fill(1), ...Array(same).fill(0)];
}

describe("pairedDropTest: the worked example", () => {
  // 200 cases, one pass/fail trial: baseline 170 passes, candidate 160.
  // 18 pass->fail, 8 fail->pass, 174 unchanged.
  // D = (18 - 8) / 200 = 0.05.
  // sum d^2 = 26, var = (26 - 200 * 0.05^2) / 199 = 25.5 / 199, SE = sqrt(var / 200) = 0.025312.
  // Exact McNemar, one-sided: P(Bin(26, 1/2) <= 8) = 0.037759.
  // Upper bound at alpha 0.05, t with 199 df: 0.05 + 1.652547 * 0.025312 = 0.091829 > margin
  // 0.03, so FAIL.
  const test = pairedDropTest(passFailDiffs(18, 8, 174), 0.05);

  it("reports drop, SE, exact p-value and bounds", () => {
    expect(test.n).toBe(200);
    expect(test.nonZero).toBe(26);
    expect(test.drop).toBeCloseTo(0.05, 12);
    expect(test.meanDiff).toBeCloseTo(-0.05, 12);
    expect(test.se).toBeCloseTo(0.0253121, 6);
    expect(test.pValue).toBeCloseTo(0.0377593, 6);
    expect(test.pValue).toBeCloseTo(binomialCdf(8, 26, 0.5), 12);
    expect(test.dropUpper).toBeCloseTo(0.0918295, 6);
    expect(test.dropLower).toBeCloseTo(0.0081705, 6);
    expect(test.method).toBe("exact");
  });

  it("fails the gate at margin 0.03", () => {
    expect(decide(test, 0.03, 0.05)).toBe("fail");
  });
});

describe("pairedDropTest: exact sign-flip", () => {
  it.each([
    // P(Bin(n, 1/2) <= better): McNemar's exact one-sided test.
    ["all worse", 5, 0, 1 / 32],
    ["all better", 0, 5, 1],
    ["balanced", 3, 3, 42 / 64],
    ["one worse", 1, 0, 1 / 2],
  ])("pass/fail, one trial: %s", (_label, worse, better, p) => {
    const test = pairedDropTest(passFailDiffs(worse, better, 10), 0.05);
    expect(test.method).toBe("exact");
    expect(test.pValue).toBeCloseTo(p, 12);
  });

  it("is exact on the 1/3 lattice of three trials", () => {
    // Case means over 3 trials, candidate - baseline: -1/3, -2/3, +1/3, -1, 0.
    // Weights x3: 1, 2, 1, 3 (sum 7); observed W = weight of the positive pairs = 1.
    // Subsets with sum <= 1: {}, {1a}, {1b} -> 3 of 16.
    const third = (passes: number) => passes / 3;
    const diffs = [
      third(1) - third(2),
      third(0) - third(2),
      third(2) - third(1),
      third(0) - third(3),
      third(2) - third(2),
    ];
    const test = pairedDropTest(diffs, 0.05);
    expect(test.method).toBe("exact");
    expect(test.nonZero).toBe(4);
    expect(test.pValue).toBeCloseTo(3 / 16, 12);
  });

  it("reports no evidence when nothing changed", () => {
    const test = pairedDropTest([0, 0, 0, 0], 0.05);
    expect(test).toMatchObject({ nonZero: 0, drop: 0, se: 0, pValue: 1, method: "exact" });
  });

  it.each([
    // 1 - 0.05^(1/n): the exact upper bound on the share of cases that changed, 0 seen of n.
    [4, 0.527129, "inconclusive"],
    [50, 0.058155, "inconclusive"],
    [100, 0.029513, "pass"],
    [200, 0.014867, "pass"],
  ])("bounds the drop honestly when none of %i pairs changed: %f", (n, upper, decision) => {
    const test = pairedDropTest(Array(n).fill(0), 0.05);
    expect(test.dropUpper).toBeCloseTo(upper, 6);
    expect(decide(test, 0.03, 0.05)).toBe(decision);
  });

  it("handles no cases and a single case without NaN", () => {
    expect(pairedDropTest([], 0.05)).toMatchObject({ n: 0, drop: 0, se: 0, pValue: 1 });
    const one = pairedDropTest([-1], 0.05);
    expect(one).toMatchObject({ n: 1, drop: 1, se: 0, dropUpper: 1, pValue: 0.5 });
    expect(decide(one, 0.03, 0.05)).toBe("inconclusive");
  });
});

describe("pairedDropTest: approximations", () => {
  /** Three-trial differences for many cases, with the candidate slightly worse. */
  function latticeDiffs(n: number, seed: number): number[] {
    const random = createSeededRandom(seed);
    const passes = (p: number) => [0, 1, 2].filter(() => random() < p).length / 3;
    return Array.from({ length: n }, () => {
      const p = random();
      return passes(p - 0.015) - passes(p);
    });
  }

  it("t approximation agrees with the exact test on a large sample", () => {
    const diffs = latticeDiffs(1000, 7);
    const exact = pairedDropTest(diffs, 0.05);
    // Irrational jitter pushes the diffs off the lattice so the t path is taken.
    const jittered = diffs.map((d, i) => (d === 0 ? 0 : d + Math.SQRT2 * 1e-7 * ((i % 7) - 3)));
    const approx = pairedDropTest(jittered, 0.05, { exactMaxNonZero: 10 });
    expect(exact.method).toBe("exact");
    expect(approx.method).toBe("t");
    expect(exact.nonZero).toBeGreaterThan(400);
    // Measured: exact 0.0349, t 0.0324 (506 non-zero pairs of 1000).
    expect(exact.pValue).toBeGreaterThan(0.01);
    expect(exact.pValue).toBeLessThan(0.1);
    expect(Math.abs(approx.pValue - exact.pValue)).toBeLessThan(0.1 * exact.pValue);
  });

  it("uses seeded Monte Carlo off the lattice, close to the exact answer", () => {
    const random = createSeededRandom(11);
    // Continuous judge scores: seven decimals, so no scale up to 1000 puts them on a lattice.
    const diffs = Array.from({ length: 40 }, () => Math.round((random() - 0.6) * 1e7) / 1e7);
    const mc = pairedDropTest(diffs, 0.05, { seed: 1 });
    expect(mc.method).toBe("monte-carlo");
    // Rounded to thousandths the same data is on the 1/1000 lattice and tested exactly.
    const exact = pairedDropTest(
      diffs.map((d) => Math.round(d * 1000) / 1000),
      0.05,
    );
    expect(exact.method).toBe("exact");
    expect(Math.abs(mc.pValue - exact.pValue)).toBeLessThan(0.005);
    expect(pairedDropTest(diffs, 0.05, { seed: 1 }).pValue).toBe(mc.pValue);
    const otherSeed = pairedDropTest(diffs, 0.05, { seed: 2 }).pValue;
    expect(otherSeed).not.toBe(mc.pValue);
    expect(Math.abs(otherSeed - mc.pValue)).toBeLessThan(0.005);
  });

  it("counts the observed statistic, so the Monte Carlo p-value is never 0", () => {
    const diffs = Array.from({ length: 30 }, (_, i) => -0.5 - i * 1e-7 * Math.SQRT2);
    const test = pairedDropTest(diffs, 0.05, { monteCarloSamples: 1000 });
    expect(test.method).toBe("monte-carlo");
    expect(test.pValue).toBeCloseTo(1 / 1001, 12);
  });
});

describe("decide", () => {
  /** A test result with only the fields the decision reads. */
  function result(pValue: number, dropUpper: number): PairedTest {
    return {
      n: 100,
      nonZero: 10,
      meanDiff: 0,
      drop: 0,
      se: 0,
      dropUpper,
      dropLower: 0,
      pValue,
      method: "exact",
    };
  }

  it.each([
    ["significant, upper above margin", 0.01, 0.05, "fail"],
    ["significant, upper within margin", 0.01, 0.02, "pass-small-regression"],
    ["significant, upper exactly at margin", 0.01, 0.03, "pass-small-regression"],
    ["not significant, upper within margin", 0.3, 0.02, "pass"],
    ["not significant, upper above margin", 0.3, 0.08, "inconclusive"],
    ["p exactly alpha is not significant", 0.05, 0.08, "inconclusive"],
  ] as const)("%s", (_label, p, upper, expected) => {
    expect(decide(result(p, upper), 0.03, 0.05)).toBe(expected);
  });

  it("uses the Holm-adjusted p-value when given", () => {
    const test = result(0.02, 0.08);
    expect(decide(test, 0.03, 0.05)).toBe("fail");
    expect(decide(test, 0.03, 0.05, 0.06)).toBe("inconclusive");
  });
});

describe("holm", () => {
  it.each([
    // Sorted 0.005, 0.01, 0.03, 0.04 -> 4*0.005, 3*0.01, 2*0.03, max(0.06, 1*0.04).
    [
      [0.01, 0.04, 0.03, 0.005],
      [0.03, 0.06, 0.06, 0.02],
    ],
    // Sorted 0.3, 0.5 -> 0.6, max(0.6, 0.5).
    [
      [0.5, 0.3],
      [0.6, 0.6],
    ],
    // Capped at 1, and monotone after the cap.
    [
      [0.8, 0.6],
      [1, 1],
    ],
    [[0.02], [0.02]],
    [[], []],
  ])("%j -> %j", (ps, expected) => {
    const adjusted = holm(ps);
    expect(adjusted).toHaveLength(expected.length);
    adjusted.forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i]!, 12);
    });
  });
});

describe("wilson", () => {
  it.each([
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [50, 100, 0.4038, 0.5962],
  ])("%i/%i -> [%f, %f]", (k, n, low, high) => {
    const interval = wilson(k, n);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it("is the whole unit interval without data", () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe("distributions", () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316301],
    [5, 0.9999997133484281],
    [-8, 6.22096057427178e-16],
  ])("normalCdf(%f) = %f", (x, p) => {
    expect(normalCdf(x)).toBeCloseTo(p, 12);
  });

  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.8, 0.8416212335729143],
    [0.01, -2.3263478740408408],
    [0.999, 3.090232306167813],
    [1e-10, -6.361340902404056],
  ])("normalQuantile(%f) = %f", (p, x) => {
    expect(normalQuantile(p)).toBeCloseTo(x, 9);
  });

  it("normalQuantile is infinite at the ends and NaN outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it.each([
    [2.228, 10, 0.9749941140914443],
    [-1.5, 3, 0.11529193262241147],
    [0.5, 1, 0.6475836176504333],
    [2, 30, 0.9726874775185085],
    [-3, 2.5, 0.036288047774515914],
    [0, 7, 0.5],
  ])("tCdf(%f, df %f) = %f", (t, df, p) => {
    expect(tCdf(t, df)).toBeCloseTo(p, 10);
  });

  it.each([
    [8, 26, 0.5, 0.03775934875011444],
    [0, 3, 0.5, 0.125],
    [2, 4, 0.25, 0.94921875],
    [5, 5, 0.3, 1],
    [-1, 5, 0.3, 0],
  ])("binomialCdf(%i, %i, %f) = %f", (k, n, p, expected) => {
    expect(binomialCdf(k, n, p)).toBeCloseTo(expected, 12);
  });
});

describe("minimumDetectableEffect", () => {
  it("is (t(1-alpha) + t(power)) * sd / sqrt(n), t with n - 1 df", () => {
    // (1.652547 + 0.843431) * 0.5 / sqrt(200) = 0.088246
    expect(minimumDetectableEffect(0.5, 200, 0.05)).toBeCloseTo(0.088246, 5);
    expect(minimumDetectableEffect(0.5, 1, 0.05)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("tQuantile", () => {
  it.each([
    [0.95, 1, 6.313752],
    [0.95, 4, 2.131847],
    [0.95, 9, 1.833113],
    [0.95, 19, 1.729133],
    [0.95, 49, 1.676551],
    [0.975, 4, 2.776445],
    [0.999, 3, 10.214532],
    [0.05, 4, -2.131847],
    [0.8, 199, 0.843431],
  ])("tQuantile(%f, df %i) = %f (tables)", (p, df, x) => {
    expect(tQuantile(p, df)).toBeCloseTo(x, 5);
  });

  it("inverts tCdf, tends to the normal quantile, and is NaN outside its domain", () => {
    for (const df of [1, 2.5, 7, 30, 1000])
      for (const p of [0.001, 0.1, 0.5, 0.9, 0.999])
        expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
    expect(tQuantile(0.95, 1e7)).toBeCloseTo(normalQuantile(0.95), 5);
    expect(tQuantile(1, 4)).toBe(Number.POSITIVE_INFINITY);
    expect(tQuantile(0.5, 0)).toBeNaN();
  });
});
