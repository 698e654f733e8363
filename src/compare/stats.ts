/**
 * Statistics behind the regression gate: a paired sign-flip test of the score drop,
 * the distributions it needs (normal, Student t, binomial), Holm correction, Wilson
 * intervals and the gate decision. Pure functions, no I/O.
 */

import type { z } from "zod";
import { mean, sd } from "../util/stats.js";
import {
  binomialCdf,
  createSeededRandom,
  incompleteBeta,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
} from "./distributions.js";
import type { decisionSchema, pairedTestSchema } from "./schema.js";

export {
  binomialCdf,
  createSeededRandom,
  incompleteBeta,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
};

/** Result of testing whether a candidate scores lower than its baseline on the same cases. */
export type PairedTest = z.infer<typeof pairedTestSchema>;

/** Tuning for {@link pairedDropTest}. */
export interface PairedTestOptions {
  /** Largest number of non-zero pairs tested by Monte Carlo when not on a lattice (default 300). */
  exactMaxNonZero?: number;
  /** Monte Carlo sign-flip samples (default 100000). */
  monteCarloSamples?: number;
  /** Seed of the Monte Carlo PRNG, so a gate gives the same answer on every rerun. */
  seed?: number;
  /** Largest exact-test table (cases x lattice sum) before the t approximation (default 5e7). */
  latticeMaxCells?: number;
}

/** Gate outcome for one metric. */
export type Decision = z.infer<typeof decisionSchema>;

const LATTICE_MAX_SCALE = 1000;
const LATTICE_TOLERANCE = 1e-9;
const LATTICE_MAX_CELLS = 5e7;
const DEFAULT_EXACT_MAX_NON_ZERO = 300;
const DEFAULT_MONTE_CARLO_SAMPLES = 100_000;
const DEFAULT_SEED = 1;

/**
 * Integer weights `|d| * scale` for the smallest scale in 1..1000 that puts every
 * magnitude on a lattice, or null when none does or the DP would be too large.
 */
function findLattice(magnitudes: readonly number[], maxCells = LATTICE_MAX_CELLS): number[] | null {
  for (let scale = 1; scale <= LATTICE_MAX_SCALE; scale++) {
    const weights = magnitudes.map((m) => Math.round(m * scale));
    const onLattice = magnitudes.every(
      (m, i) => Math.abs(m * scale - weights[i]!) <= LATTICE_TOLERANCE,
    );
    if (!onLattice) continue;
    const total = weights.reduce((a, w) => a + w, 0);
    return magnitudes.length * total <= maxCells ? weights : null;
  }
  return null;
}

/**
 * Exact P(W <= observed) where W sums each weight with probability 1/2. T* <= T_obs is
 * the same event as W <= W_obs because T = 2W - sum(weights), so integers compare exactly.
 */
function computeExactLowerTail(weights: readonly number[], observed: number): number {
  const total = weights.reduce((a, w) => a + w, 0);
  const dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const w of weights) {
    reach += w;
    for (let j = reach; j >= w; j--) dist[j] = 0.5 * (dist[j]! + dist[j - w]!);
    for (let j = w - 1; j >= 0; j--) dist[j] = 0.5 * dist[j]!;
  }
  let p = 0;
  for (let j = 0; j <= observed; j++) p += dist[j]!;
  return Math.min(1, p);
}

/** Seeded Monte Carlo sign flips, counting the observed statistic as one of the draws. */
function computeMonteCarloLowerTail(
  magnitudes: readonly number[],
  observed: number,
  samples: number,
  seed: number,
): number {
  const random = createSeededRandom(seed);
  // Sums in a different order differ in the last bits; do not let that break a tie.
  const slack = 1e-9 * magnitudes.reduce((a, m) => a + m, 0);
  let hits = 0;
  for (let s = 0; s < samples; s++) {
    let t = 0;
    let bits = 0;
    for (let i = 0; i < magnitudes.length; i++) {
      if (i % 32 === 0) bits = random() * 4294967296;
      t += (bits & 1) === 1 ? magnitudes[i]! : -magnitudes[i]!;
      bits >>>= 1;
    }
    if (t <= observed + slack) hits++;
  }
  return (1 + hits) / (1 + samples);
}

/** Lower-tail t approximation for nonZero counts too large for Monte Carlo. */
function computeTLowerTail(meanDiff: number, se: number, n: number): number {
  if (se === 0) return meanDiff < 0 ? 0 : 1;
  return tCdf(meanDiff / se, n - 1);
}

/** The one-sided p-value for "candidate worse" and how it was obtained. */
function computeSignFlipPValue(
  diffs: readonly number[],
  stats: { meanDiff: number; se: number },
  opts: PairedTestOptions,
): Pick<PairedTest, "pValue" | "method"> {
  const nonZero = diffs.filter((d) => d !== 0);
  if (nonZero.length === 0) return { pValue: 1, method: "exact" };
  const magnitudes = nonZero.map(Math.abs);
  const weights = findLattice(magnitudes, opts.latticeMaxCells);
  if (weights) {
    const observed = weights.reduce((a, w, i) => (nonZero[i]! > 0 ? a + w : a), 0);
    return { pValue: computeExactLowerTail(weights, observed), method: "exact" };
  }
  if (nonZero.length <= (opts.exactMaxNonZero ?? DEFAULT_EXACT_MAX_NON_ZERO)) {
    const observed = nonZero.reduce((a, d) => a + d, 0);
    const samples = opts.monteCarloSamples ?? DEFAULT_MONTE_CARLO_SAMPLES;
    const pValue = computeMonteCarloLowerTail(
      magnitudes,
      observed,
      samples,
      opts.seed ?? DEFAULT_SEED,
    );
    return { pValue, method: "monte-carlo" };
  }
  return { pValue: computeTLowerTail(stats.meanDiff, stats.se, diffs.length), method: "t" };
}

/**
 * Test whether the candidate dropped, from per-case differences `candidate - baseline`
 * (each already averaged over trials). The p-value is the sign-flip permutation test of
 * sum(d): exact on a lattice (McNemar's exact test for one pass/fail trial), otherwise
 * seeded Monte Carlo, otherwise a t approximation.
 */
export function pairedDropTest(
  diffs: readonly number[],
  alpha: number,
  opts: PairedTestOptions = {},
): PairedTest {
  const n = diffs.length;
  const meanDiff = n === 0 ? 0 : mean(diffs);
  const se = n < 2 ? 0 : sd(diffs) / Math.sqrt(n);
  // Without the guard an unchanged run would report a drop of -0.
  const drop = meanDiff === 0 ? 0 : -meanDiff;
  const nonZero = diffs.filter((d) => d !== 0).length;
  const { pValue, method } = computeSignFlipPValue(diffs, { meanDiff, se }, opts);
  const { upper, lower } = dropBounds(drop, se, n, nonZero, alpha);
  return { n, nonZero, meanDiff, drop, se, dropUpper: upper, dropLower: lower, pValue, method };
}

/**
 * One-sided bounds of the drop. Student t with n - 1 degrees of freedom, not z: at 5 cases z
 * lets a drop equal to the margin PASS about 9% of the time at a nominal 5%. With no changed
 * pair the standard error is 0, which would claim certainty; a drop needs cases to change, and
 * since a case's score moves by at most 1, the drop is at most the share of cases that changed,
 * whose exact (Clopper-Pearson) upper bound after seeing 0 of n is `1 - alpha^(1/n)`, the "rule
 * of three" (about 3/n at alpha 0.05). With fewer than 2 pairs the spread is unknown: bound 1.
 */
function dropBounds(
  drop: number,
  se: number,
  n: number,
  nonZero: number,
  alpha: number,
): { upper: number; lower: number } {
  if (n === 0) return { upper: 1, lower: -1 };
  if (nonZero === 0) return { upper: 1 - alpha ** (1 / n), lower: 0 };
  if (n < 2) return { upper: 1, lower: Math.max(-1, drop - 1) };
  const half = tQuantile(1 - alpha, n - 1) * se;
  return { upper: Math.min(1, drop + half), lower: Math.max(-1, drop - half) };
}

/** Holm step-down adjusted p-values, in input order. */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Wilson score interval for a proportion; the whole [0, 1] when there is no data. */
export function wilson(successes: number, n: number, z = 1.96): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/**
 * Smallest true drop the paired test detects with the given power (Infinity below 2 cases), with
 * the t quantiles of n - 1 degrees of freedom like the bound.
 */
export function minimumDetectableEffect(
  sdDiff: number,
  n: number,
  alpha: number,
  power = 0.8,
): number {
  if (n < 2) return Number.POSITIVE_INFINITY;
  return ((tQuantile(1 - alpha, n - 1) + tQuantile(power, n - 1)) * sdDiff) / Math.sqrt(n);
}

/**
 * The documented gate rule. A significant drop fails unless its upper bound is within
 * `margin`; a non-significant one passes only when the upper bound rules out more than
 * `margin`, otherwise the run was too small or noisy to tell.
 * @param pAdjusted the test's p-value after Holm correction across the metrics gated in one run.
 */
export function decide(
  test: PairedTest,
  margin: number,
  alpha: number,
  pAdjusted = test.pValue,
): Decision {
  const significant = pAdjusted < alpha;
  const withinMargin = test.dropUpper <= margin;
  if (significant) return withinMargin ? "pass-small-regression" : "fail";
  return withinMargin ? "pass" : "inconclusive";
}
