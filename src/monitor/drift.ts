import { normalCdf, normalQuantile } from "../compare/stats.js";
import { meanOf, type RateMetric, varianceOf } from "./metrics.js";
import { countAbove, quantile } from "./sketch.js";
import type { SliceStats } from "./slice-stats.js";

/** FAIL / PASS / INCONCLUSIVE as in the eval gate; pass-small: real but within the margin. */
export type DriftDecision = "fail" | "pass" | "pass-small-regression" | "inconclusive";

/** One two-sample test of a metric in one slice: current window against the reference. */
export interface DriftTest {
  slice: string;
  metric: string;
  kind: "rate" | "quantile" | "mean";
  reference: number;
  current: number;
  /** Worsening: a rate's rise (absolute), p95's or cost's rise (fraction), a score's drop. */
  change: number;
  /** One-sided 1 - alpha upper bound of the worsening (rates and means). */
  upper: number;
  margin: number;
  nReference: number;
  nCurrent: number;
  pValue: number;
  pAdjusted: number;
  decision: DriftDecision;
}

export type RawTest = Omit<DriftTest, "pAdjusted" | "decision">;

/** A one-sided two-proportion z-test for a rise of a rate; the CI of the difference is unpooled. */
export function rateDrift(
  slice: string,
  m: RateMetric,
  ref: SliceStats,
  cur: SliceStats,
  margin: number,
  alpha: number,
): RawTest | undefined {
  const [x0, n0] = m.count(ref);
  const [x1, n1] = m.count(cur);
  if (n0 === 0 || n1 === 0) return undefined;
  const p0 = x0 / n0;
  const p1 = x1 / n1;
  const pooled = (x0 + x1) / (n0 + n1);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
  const se = Math.sqrt((p0 * (1 - p0)) / n0 + (p1 * (1 - p1)) / n1);
  const d = p1 - p0;
  const pValue = sePooled === 0 ? (d > 0 ? 0 : 1) : 1 - normalCdf(d / sePooled);
  return {
    slice,
    metric: m.metric,
    kind: "rate",
    reference: p0,
    current: p1,
    change: d,
    upper: d + normalQuantile(1 - alpha) * se,
    margin,
    nReference: n0,
    nCurrent: n1,
    pValue,
  };
}

/**
 * A shift of a latency quantile: the share of current requests slower than the reference's p95,
 * against the reference's own share above it (a two-proportion test on sketch buckets). The
 * change is p95's relative rise; there is no upper bound, so `upper` is the change itself.
 */
export function quantileDrift(
  slice: string,
  metric: string,
  ref: SliceStats["latency"],
  cur: SliceStats["latency"],
  margin: number,
): RawTest | undefined {
  const t = quantile(ref, 0.95);
  const c = quantile(cur, 0.95);
  if (t === undefined || c === undefined || t <= 0) return undefined;
  const x0 = countAbove(ref, t);
  const x1 = countAbove(cur, t);
  const [n0, n1] = [ref.count, cur.count];
  const pooled = (x0 + x1) / (n0 + n1);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
  const d = x1 / n1 - x0 / n0;
  const pValue = sePooled === 0 ? (d > 0 ? 0 : 1) : 1 - normalCdf(d / sePooled);
  const change = c / t - 1;
  return {
    slice,
    metric: `${metric} p95`,
    kind: "quantile",
    reference: t,
    current: c,
    change,
    upper: change,
    margin,
    nReference: n0,
    nCurrent: n1,
    pValue,
  };
}

/**
 * A rise of a mean (cost per request; `lowerIsWorse` for a judge's score) by Welch's z-test;
 * the change and its bound are relative to the reference mean for cost, absolute for scores.
 */
export function meanDrift(
  slice: string,
  metric: string,
  ref: { n: number; sum: number; sumSq: number },
  cur: { n: number; sum: number; sumSq: number },
  o: { margin: number; alpha: number; relative: boolean; lowerIsWorse: boolean },
): RawTest | undefined {
  const m0 = meanOf(ref);
  const m1 = meanOf(cur);
  if (m0 === null || m1 === null || ref.n < 2 || cur.n < 2) return undefined;
  if (o.relative && m0 <= 0) return undefined;
  const se = Math.sqrt(varianceOf(ref) / ref.n + varianceOf(cur) / cur.n);
  const raw = o.lowerIsWorse ? m0 - m1 : m1 - m0;
  const pValue = se === 0 ? (raw > 0 ? 0 : 1) : 1 - normalCdf(raw / se);
  const scale = o.relative ? m0 : 1;
  return {
    slice,
    metric,
    kind: "mean",
    reference: m0,
    current: m1,
    change: raw / scale,
    upper: (raw + normalQuantile(1 - o.alpha) * se) / scale,
    margin: o.margin,
    nReference: ref.n,
    nCurrent: cur.n,
    pValue,
  };
}

/** The eval gate's rule: a significant worsening fails unless its bound is within the margin. */
export function decideDrift(t: RawTest, pAdjusted: number, alpha: number): DriftDecision {
  const significant = pAdjusted < alpha;
  const within = t.upper <= t.margin;
  if (significant) return within ? "pass-small-regression" : "fail";
  return within ? "pass" : "inconclusive";
}
