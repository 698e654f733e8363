/**
 * Power of the gate by simulation from a run's own cases: the minimum detectable effect (MDE) the
 * report prints, and how many trials would make a drop of the margin detectable. Pure, seeded.
 *
 * Why simulation and not `(t(1 - alpha) + t(power)) * sd(d) / sqrt(n)`: that formula takes the
 * spread of the differences observed when nothing changed, but a real drop makes cases change
 * and widens the spread; and at small n the exact sign-flip test is discrete and conservative.
 * Measured (src/compare/power.test.ts), the formula printed 22-25 points at 20 cases where an 80%
 * catch needs about 40.
 */

import { createSeededRandom, decide, type PairedTestOptions, pairedDropTest } from "./stats.js";

/** One paired case: its mean score over trials in the baseline and in the candidate. */
export interface ScorePair {
  base: number;
  cand: number;
}

export interface PowerOptions {
  /** Simulated runs per drop size (default 200). */
  reps?: number;
  /** Seed, so the same run prints the same MDE (default 1). */
  seed?: number;
  /** Target power (default 0.8). */
  power?: number;
}

const DEFAULT_REPS = 200;
const BISECTION_STEPS = 8;
/** Fast exact test for the simulation: large tables use the t approximation. */
const SIM_TEST: PairedTestOptions = { exactMaxNonZero: 0, latticeMaxCells: 2e5 };

/**
 * A binomial draw by inversion of `trials` Bernoulli(p) draws (trials is small: a few per case).
 */
function binomial(trials: number, p: number, random: () => number): number {
  let k = 0;
  for (let t = 0; t < trials; t++) if (random() < p) k++;
  return k;
}

/**
 * Share of simulated runs the gate FAILs when the true drop is `drop`. Each simulated run
 * resamples the paired cases with replacement and swaps each pair's sides at random (so with
 * `drop` 0 it is an A/A run with this suite's own noise); the drop is then made real by failing
 * each candidate trial with probability `drop / mean(candidate)`, trial by trial, which spreads
 * it over the cases and widens the spread the way a real regression does. The same seed for every
 * drop size (common random numbers) keeps the curve monotone enough to bisect.
 */
export function simulatedPower(
  pairs: readonly ScorePair[],
  trials: number,
  drop: number,
  gate: { margin: number; alpha: number },
  opts: PowerOptions = {},
): number {
  const n = pairs.length;
  if (n === 0) return 0;
  const reps = opts.reps ?? DEFAULT_REPS;
  const random = createSeededRandom(opts.seed ?? 1);
  const k = Math.max(1, trials);
  let fails = 0;
  const diffs = new Array<number>(n);
  for (let r = 0; r < reps; r++) {
    const base = new Array<number>(n);
    const cand = new Array<number>(n);
    let candSum = 0;
    for (let i = 0; i < n; i++) {
      const pair = pairs[Math.floor(random() * n)]!;
      const swap = random() < 0.5;
      base[i] = swap ? pair.cand : pair.base;
      cand[i] = swap ? pair.base : pair.cand;
      candSum += cand[i]!;
    }
    const candMean = candSum / n;
    const p = candMean > 0 ? Math.min(1, drop / candMean) : 0;
    for (let i = 0; i < n; i++) {
      // Each trial of the case survives with probability 1 - p; draw even when p is 0 so every
      // drop size consumes the same random numbers.
      const kept = binomial(k, 1 - p, random);
      diffs[i] = (cand[i]! * kept) / k - base[i]!;
    }
    const test = pairedDropTest(diffs, gate.alpha, SIM_TEST);
    if (decide(test, gate.margin, gate.alpha) === "fail") fails++;
  }
  return fails / reps;
}

/**
 * The drop this suite would FAIL with the target power (80%), found by bisection on
 * {@link simulatedPower}; null when even losing the whole candidate score would not be caught
 * that often (too few cases).
 */
export function simulatedMde(
  pairs: readonly ScorePair[],
  trials: number,
  gate: { margin: number; alpha: number },
  opts: PowerOptions = {},
): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  const power = opts.power ?? 0.8;
  const ceiling = pairs.reduce((a, p) => a + Math.max(p.base, p.cand), 0) / n;
  if (simulatedPower(pairs, trials, ceiling, gate, opts) < power) return null;
  let lo = 0;
  let hi = ceiling;
  for (let s = 0; s < BISECTION_STEPS; s++) {
    const mid = (lo + hi) / 2;
    if (simulatedPower(pairs, trials, mid, gate, opts) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Beyond this many trials per case, more trials is not advice: more cases is. */
export const MAX_SUGGESTED_TRIALS = 10;

/** What would make a drop of the margin detectable, and what it costs. */
export interface ToDecide {
  /** Trials per case, baseline and candidate alike, for an MDE within the margin; null when that
   * would be more than {@link MAX_SUGGESTED_TRIALS} (then add cases). */
  trials: number | null;
  /** Cases at the current trials per case. */
  cases: number;
  /** Calls the suggestion costs: the candidate's extra trials and the baseline re-recorded at
   * `trials`; or, with `trials` null, the new cases run on both sides. */
  calls: number;
  /** Dollars for `calls` at the run's observed cost per call; null when unknown. */
  cost: number | null;
}

/**
 * How many trials or cases would bring the MDE down to the margin, by the square-root law (the
 * standard error of the mean difference shrinks as 1 / sqrt(trials x cases) when trial noise
 * dominates, as it does for paired cases), and its price at the observed cost per call. An
 * estimate: the report says "about".
 */
export function toDecide(
  mde: number | null,
  margin: number,
  n: number,
  trials: number,
  costPerCall: number | null,
  zeroChange?: { alpha: number },
): ToDecide | null {
  if (n < 1 || margin <= 0) return null;
  if (zeroChange) {
    // Nothing changed: the bound is 1 - alpha^(1/n), and only more unchanged cases lower it.
    const cases = casesToRuleOut(margin, zeroChange.alpha);
    if (cases <= n) return null;
    const calls = 2 * (cases - n) * Math.max(1, trials);
    return { trials: null, cases, calls, cost: costPerCall === null ? null : calls * costPerCall };
  }
  // No MDE: nothing short of the whole score is caught; assume at least 4x the data.
  const factor = mde === null ? 4 : (mde / margin) ** 2;
  if (factor <= 1) return null;
  const k = Math.max(1, trials);
  const needTrials = Math.ceil(k * factor);
  const cases = Math.ceil(n * factor);
  const useTrials = needTrials <= MAX_SUGGESTED_TRIALS;
  const calls = useTrials ? n * (needTrials - k) + n * needTrials : 2 * (cases - n) * k;
  return {
    trials: useTrials ? needTrials : null,
    cases,
    calls,
    cost: costPerCall === null ? null : calls * costPerCall,
  };
}

/** Unchanged cases needed before the zero-change bound `1 - alpha^(1/n)` is within the margin. */
export function casesToRuleOut(margin: number, alpha: number): number {
  return Math.ceil(Math.log(alpha) / Math.log(1 - margin));
}
