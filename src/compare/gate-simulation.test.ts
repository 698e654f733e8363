/**
 * The gate, checked by seeded simulation of realistic eval runs.
 *
 * Population: 200 cases; 133 stable (106 always pass, 27 always fail) and 67 flaky with a
 * pass probability uniform in [0.2, 0.8], drawn afresh for each repetition. Baseline and
 * candidate are independent runs; a case scores the mean of its trials. Gate: margin 0.03,
 * alpha 0.05, one metric, no Holm correction.
 *
 * Measured FAIL rates, with these seeds and 200 repetitions [and with 5000 repetitions]:
 *   A/A, 1 trial                          5.5%  [4.1%]
 *   A/A, 3 trials                         5.0%  [4.3%]
 *   8-point drop, 1 trial (power)        76.0%  [74.3%]
 *   8-point drop, 3 trials (power)       99.0%  [99.1%]
 *   1-point drop, no flaky cases          0%    [0%]   (deterministic: p = 0.25, upper 0.0216)
 *   1-point drop, flaky, 1 trial          3.5%  [6.2%]
 *   1-point drop, flaky, 3 trials        11.0%  [10.3%]
 *
 * A 1-point drop is real, only small: the test's null is "no drop", so with less noise
 * (3 trials) it is detected more often than alpha, and once detected the upper bound is
 * almost always above 0.03. So FAIL is held at alpha only for no drop at all; for true
 * drops under the margin it rises with the evidence (measured with 3 trials and 5000
 * repetitions: 22% at 2 points, 40% at 3 points) before PASS-SMALL-REGRESSION takes over
 * on much larger suites.
 */
import { describe, expect, it } from "vitest";
import { createSeededRandom, decide, pairedDropTest } from "./stats.js";

const CASES = 200;
const STABLE = 133;
const STABLE_PASSING = 106;
const MARGIN = 0.03;
const ALPHA = 0.05;
const REPETITIONS = 200;

type Random = () => number;

/**
 * Latent pass probability of every case, stable ones first. Without flaky cases: 160
 * always pass and 40 always fail.
 */
function drawPopulation(random: Random, flaky: boolean): number[] {
  if (!flaky) return Array.from({ length: CASES }, (_, i) => (i < 160 ? 1 : 0));
  return Array.from({ length: CASES }, (_, i) => {
    if (i < STABLE) return i < STABLE_PASSING ? 1 : 0;
    return 0.2 + 0.6 * random();
  });
}

/** One eval run: each case scores the fraction of its trials that passed. */
function runSuite(latent: readonly number[], trials: number, random: Random): number[] {
  return latent.map((p) => {
    let passes = 0;
    for (let t = 0; t < trials; t++) if (random() < p) passes++;
    return passes / trials;
  });
}

interface Scenario {
  flaky: boolean;
  trials: number;
  /** The candidate's latent pass probabilities, given the baseline's. */
  regress: (latent: readonly number[]) => number[];
}

/** Fraction of repetitions in which the gate FAILs the candidate. */
function measureFailRate(scenario: Scenario, seed: number, repetitions = REPETITIONS): number {
  const random = createSeededRandom(seed);
  let fails = 0;
  for (let r = 0; r < repetitions; r++) {
    const baseline = drawPopulation(random, scenario.flaky);
    const candidate = scenario.regress(baseline);
    const before = runSuite(baseline, scenario.trials, random);
    const after = runSuite(candidate, scenario.trials, random);
    const test = pairedDropTest(
      after.map((score, i) => score - before[i]!),
      ALPHA,
    );
    if (decide(test, MARGIN, ALPHA) === "fail") fails++;
  }
  return fails / repetitions;
}

const unchanged = (latent: readonly number[]) => [...latent];

/** Set the first `count` always-passing cases to pass with probability `p`. */
function weaken(count: number, p: number): (latent: readonly number[]) => number[] {
  return (latent) => latent.map((q, i) => (i < count ? p : q));
}

describe("gate simulation", () => {
  it.each([1, 3])("A/A with %i trial(s) fails at most 7% of runs", (trials) => {
    const rate = measureFailRate({ flaky: true, trials, regress: unchanged }, 100 + trials);
    expect(rate).toBeLessThanOrEqual(0.07);
  });

  // 32 reliable cases now pass half the time: the expected pass rate falls by 32 * 0.5 / 200.
  const eightPoints = weaken(32, 0.5);

  it("catches a true 8-point drop with 3 trials in at least 90% of runs", () => {
    const rate = measureFailRate({ flaky: true, trials: 3, regress: eightPoints }, 203);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it("catches a true 8-point drop with 1 trial about three times in four", () => {
    const rate = measureFailRate({ flaky: true, trials: 1, regress: eightPoints }, 201);
    expect(rate).toBeGreaterThanOrEqual(0.65);
    expect(rate).toBeLessThan(0.9);
  });

  // Exactly 2 of 200 always-passing cases now always fail.
  const onePoint = weaken(2, 0);

  it.each([1, 3])("never fails a 1-point drop without flaky noise, %i trial(s)", (trials) => {
    const rate = measureFailRate({ flaky: false, trials, regress: onePoint }, 300 + trials);
    expect(rate).toBe(0);
  });

  it("fails a 1-point drop with flaky noise and 1 trial at most 7% of runs", () => {
    const rate = measureFailRate({ flaky: true, trials: 1, regress: onePoint }, 401);
    expect(rate).toBeLessThanOrEqual(0.07);
  });

  it("fails a 1-point drop with flaky noise and 3 trials more often than alpha, under 15%", () => {
    const rate = measureFailRate({ flaky: true, trials: 3, regress: onePoint }, 403);
    expect(rate).toBeLessThanOrEqual(0.15);
  });
});

/**
 * Small suites. A true drop exactly equal to the margin must not PASS (upper bound within the
 * margin) more often than alpha. Per-case differences are drawn from N(-margin, 0.1) and put on
 * the 0.01 lattice that averaged scores live on. 4000 repetitions per size (SE of a 5% rate: 0.34
 * points). Measured false-PASS rates, seed 500 + n:
 *   cases            5      10     20     50
 *   z bound (old)  8.9%   6.2%   6.3%   5.9%
 *   t bound        5.1%   4.6%   5.4%   5.5%
 */
describe("gate simulation: small suites, a drop equal to the margin", () => {
  const SMALL_REPETITIONS = 4000;

  /** A standard normal draw (Box-Muller). */
  function gaussian(random: Random): number {
    return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  }

  function falsePassRate(n: number, seed: number): number {
    const random = createSeededRandom(seed);
    let passes = 0;
    for (let r = 0; r < SMALL_REPETITIONS; r++) {
      const diffs = Array.from({ length: n }, () => {
        const d = Math.round((-MARGIN + 0.1 * gaussian(random)) * 100) / 100;
        return Math.max(-1, Math.min(1, d));
      });
      const decision = decide(pairedDropTest(diffs, ALPHA), MARGIN, ALPHA);
      if (decision === "pass" || decision === "pass-small-regression") passes++;
    }
    return passes / SMALL_REPETITIONS;
  }

  it.each([5, 10, 20, 50])("with %i cases passes it at most alpha + 1 point", (n) => {
    const rate = falsePassRate(n, 500 + n);
    expect(rate).toBeLessThanOrEqual(ALPHA + 0.01);
    // Not bought by a needlessly wide bound either.
    expect(rate).toBeGreaterThanOrEqual(ALPHA - 0.015);
  });
});

/**
 * Small suites drawn from the population above (53% always pass, 13.5% always fail, the rest
 * flaky in [0.2, 0.8]), one trial, 4000 seeded runs per size (95% interval of a 5% rate: +-0.7
 * points). Measured, seed 600 + n:
 *   cases                                   5      10     20     50
 *   A/A false FAIL                          0%     0.03%  0.4%   2.2%
 *   true 8-point drop: bound below it       0.1%   3.9%   6.4%   5.5%   (z bound, before: 9-11% at 20)
 *   true 8-point drop: PASS                 0.1%   0.8%   2.0%   1.0%   (before: 7% at 20)
 *   no case changed (5: 30% of runs, 10: 9%, 20: 0.8%): PASS never; the bound 1 - alpha^(1/n) is
 *   above 3 points below 99 cases, so such a run is INCONCLUSIVE, not PASS.
 */
describe("gate simulation: small suites from the flaky population", () => {
  const SMALL_REPETITIONS = 4000;

  function population(n: number, random: Random): number[] {
    return Array.from({ length: n }, () => {
      const u = random();
      return u < 0.53 ? 1 : u < 0.665 ? 0 : 0.2 + 0.6 * random();
    });
  }

  function measure(n: number, seed: number) {
    const random = createSeededRandom(seed);
    let aaFail = 0;
    let below = 0;
    let pass = 0;
    let zero = 0;
    let zeroPass = 0;
    for (let r = 0; r < SMALL_REPETITIONS; r++) {
      const latent = population(n, random);
      const first = runSuite(latent, 1, random);
      const aa = pairedDropTest(
        runSuite(latent, 1, random).map((c, i) => c - first[i]!),
        ALPHA,
      );
      if (decide(aa, MARGIN, ALPHA) === "fail") aaFail++;
      const mu = latent.reduce((a, x) => a + x, 0) / n;
      const dropped = latent.map((p) => p * Math.max(0, 1 - 0.08 / mu));
      const before = runSuite(latent, 1, random);
      const after = runSuite(dropped, 1, random);
      const t = pairedDropTest(
        after.map((c, i) => c - before[i]!),
        ALPHA,
      );
      if (t.dropUpper < 0.08) below++;
      const d = decide(t, MARGIN, ALPHA);
      if (d === "pass" || d === "pass-small-regression") pass++;
      if (t.nonZero === 0) {
        zero++;
        if (d === "pass") zeroPass++;
      }
    }
    const R = SMALL_REPETITIONS;
    return { aaFail: aaFail / R, below: below / R, pass: pass / R, zero, zeroPass };
  }

  it.each([5, 10, 20, 50])("%i cases: false FAIL and false PASS at most alpha", (n) => {
    const m = measure(n, 600 + n);
    expect(m.aaFail).toBeLessThanOrEqual(ALPHA);
    // One-sided t bound on a discrete, skewed difference: a little above alpha at 20 cases.
    expect(m.below).toBeLessThanOrEqual(ALPHA + 0.015);
    expect(m.pass).toBeLessThanOrEqual(ALPHA);
    expect(m.zeroPass).toBe(0);
  });
});
