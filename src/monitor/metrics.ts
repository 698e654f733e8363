import { type Rate, rate } from "../compare/group-gap.js";
import { quantile } from "./sketch.js";
import { errorCount, type Moments, type SliceStats } from "./slice-stats.js";

export { type Rate, rate };

/** The headline numbers of one slice of one window. */
export interface SliceSummary {
  slice: string;
  records: number;
  errorRate: Rate;
  errorsByClass: Record<string, number>;
  refusalRate: Rate;
  truncationRate: Rate;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  ttftMs: { p50: number | null; p95: number | null };
  inputTokens: { mean: number | null; p95: number | null; total: number };
  outputTokens: { mean: number | null; p95: number | null; total: number };
  cachedTokens: number;
  cost: { total: number; perRequest: number | null; unknown: number };
  /** Every-record scorers: the share that failed. */
  scorers: Record<string, Rate & { mean: number | null }>;
  /** Judges on the sample: the share that failed and the mean score. */
  judges: Record<string, Rate & { mean: number | null; errors: number }>;
  access: { checked: number; records: number; chunks: number };
  retrieval: { n: number; recallAtK: number | null; mrr: number | null };
}

export const meanOf = (m: Moments): number | null => (m.n ? m.sum / m.n : null);

/** Sample variance of a mean's values from its moments. */
export function varianceOf(m: Moments): number {
  if (m.n < 2) return 0;
  return Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1));
}

const q = (s: SliceStats["latency"], p: number) => quantile(s, p) ?? null;

export function summarize(slice: string, s: SliceStats): SliceSummary {
  const tokens = (k: "inputTokens" | "outputTokens") => ({
    mean: s[k].count ? s[k].sum / s[k].count : null,
    p95: q(s[k], 0.95),
    total: s[k].sum,
  });
  return {
    slice,
    records: s.records,
    errorRate: rate(errorCount(s), s.records),
    errorsByClass: { ...s.errors },
    refusalRate: rate(s.refusals, s.answered),
    truncationRate: rate(s.truncated, s.answered),
    latencyMs: { p50: q(s.latency, 0.5), p95: q(s.latency, 0.95), p99: q(s.latency, 0.99) },
    ttftMs: { p50: q(s.ttft, 0.5), p95: q(s.ttft, 0.95) },
    inputTokens: tokens("inputTokens"),
    outputTokens: tokens("outputTokens"),
    cachedTokens: s.cachedTokens,
    cost: { total: s.cost.sum, perRequest: meanOf(s.cost), unknown: s.costUnknown },
    scorers: Object.fromEntries(
      Object.entries(s.scorers).map(([k, t]) => [k, { ...rate(t.fail, t.n), mean: meanOf(t) }]),
    ),
    judges: Object.fromEntries(
      Object.entries(s.judges).map(([k, t]) => [
        k,
        { ...rate(t.fail, t.n), mean: meanOf(t), errors: t.errors },
      ]),
    ),
    access: { ...s.access },
    retrieval: {
      n: s.retrieval.n,
      recallAtK: s.retrieval.n ? s.retrieval.recall / s.retrieval.n : null,
      mrr: s.retrieval.n ? s.retrieval.rr / s.retrieval.n : null,
    },
  };
}

/** A rate metric: its name and how to count it in a slice ("bad" events over a base). */
export interface RateMetric {
  metric: string;
  count: (s: SliceStats) => [bad: number, n: number];
}

/** The rate metrics of a run: errors, refusals, truncation, each scorer, each judge, access. */
export function rateMetrics(all: SliceStats, withClasses: boolean): RateMetric[] {
  const out: RateMetric[] = [
    { metric: "error rate", count: (s) => [errorCount(s), s.records] },
    { metric: "refusal rate", count: (s) => [s.refusals, s.answered] },
    { metric: "truncation rate", count: (s) => [s.truncated, s.answered] },
  ];
  if (withClasses)
    for (const c of Object.keys(all.errors).sort())
      out.push({ metric: `errors: ${c}`, count: (s) => [s.errors[c] ?? 0, s.records] });
  for (const name of Object.keys(all.scorers).sort())
    out.push({
      metric: `${name} failures`,
      count: (s) => [s.scorers[name]?.fail ?? 0, s.scorers[name]?.n ?? 0],
    });
  for (const name of Object.keys(all.judges).sort())
    out.push({
      metric: judgeMetricName(name),
      count: (s) => [s.judges[name]?.fail ?? 0, s.judges[name]?.n ?? 0],
    });
  if (all.access.checked > 0)
    out.push({ metric: "access violations", count: (s) => [s.access.records, s.access.checked] });
  return out;
}

/** A groundedness judge's failures are hallucinations; other judges' are failures. */
export function judgeMetricName(name: string): string {
  return /grounded/i.test(name) ? `hallucination rate (${name})` : `${name} failures (judge)`;
}
