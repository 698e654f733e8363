import type { MonitorAnalysis } from "./analyze.js";
import { rateMetrics } from "./metrics.js";
import { quantile } from "./sketch.js";
import type { Example, MonitorState } from "./state.js";

/** Something that should wake someone: a real drift, an unfair gap, a limit crossed. */
export interface Alert {
  kind: "drift" | "fairness" | "threshold";
  slice: string;
  metric: string;
  /** One line for people: what changed, by how much, how sure. */
  message: string;
  /** Other slices where the same metric is off, explained by this one (or by all traffic). */
  alsoIn: string[];
  /** The first bucket of the current window where the metric was already off; undefined when unknown. */
  since: string | undefined;
  examples: Example[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} pts`;
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** The alerts of an analysis, each with its examples and since when it holds. */
export function alertsOf(a: MonitorAnalysis, state: MonitorState): Alert[] {
  const out: Alert[] = [];
  const failed = a.drift.filter((d) => d.decision === "fail");
  for (const [metric, tests] of byMetric(failed)) {
    const clean = a.drift
      .filter(
        (d) =>
          d.metric === metric && (d.decision === "pass" || d.decision === "pass-small-regression"),
      )
      .map((d) => d.slice);
    const root = rootSlice(tests, clean, (t) => Math.abs(t.change));
    const t = tests.find((x) => x.slice === root)!;
    const change =
      t.kind === "rate" ? pts(t.change) : `${t.change >= 0 ? "+" : ""}${pct(t.change)}`;
    const from = t.kind === "rate" ? pct(t.reference) : num(t.reference);
    const to = t.kind === "rate" ? pct(t.current) : num(t.current);
    out.push({
      kind: "drift",
      slice: t.slice,
      metric: t.metric,
      message: `${t.metric} ${from} → ${to} (${change}, tolerated ${t.kind === "rate" ? pts(t.margin) : pct(t.margin)}), p = ${t.pAdjusted.toPrecision(2)} after Holm, n = ${t.nReference} → ${t.nCurrent}`,
      alsoIn: tests.map((x) => x.slice).filter((x) => x !== root),
      since: sinceOf(
        state,
        t.slice,
        t.metric,
        t.kind === "quantile" ? t.reference * (1 + t.margin) : t.reference,
      ),
      examples: examplesFor(state, t.slice, t.metric),
    });
  }
  for (const f of a.fairness.filter((x) => x.flagged)) {
    const w = f.groups.find((g) => g.group === f.worst)!;
    const b = f.groups.find((g) => g.group === f.best)!;
    out.push({
      kind: "fairness",
      slice: `group=${f.worst}`,
      metric: f.metric,
      message: `${f.metric}: group ${f.worst} ${pct(w.rate!)} [${pct(w.low)}, ${pct(w.high)}] vs ${f.best} ${pct(b.rate!)} [${pct(b.low)}, ${pct(b.high)}]: gap ${pts(f.gap)} > ${pts(f.maxGroupGap)}, p = ${f.pAdjusted.toPrecision(2)} after Holm`,
      alsoIn: [],
      since: undefined,
      examples: examplesFor(state, `group=${f.worst}`, f.metric),
    });
  }
  for (const [metric, breaches] of byMetric(a.thresholds)) {
    const root = rootSlice(breaches, surelyWithin(a, metric, breaches[0]!.limit), (b) => b.value);
    const t = breaches.find((x) => x.slice === root)!;
    out.push({
      kind: "threshold",
      slice: t.slice,
      metric,
      message:
        metric === "access violations"
          ? `${t.value} retrieved chunk(s) reached users without the permission their access labels require (limit ${t.limit})`
          : metric.includes("p95")
            ? `${metric} ${num(t.value)} ms > limit ${num(t.limit)} ms`
            : `${metric} ${pct(t.value)}, surely above ${pct(t.limit)} (Wilson lower bound ${pct(t.bound)})`,
      alsoIn: breaches.map((x) => x.slice).filter((x) => x !== root),
      since: undefined,
      examples: examplesFor(state, t.slice, metric),
    });
  }
  return out;
}

/** Example kinds behind a metric's name. */
function exampleKinds(metric: string): (kind: string) => boolean {
  if (metric === "error rate") return (k) => k.startsWith("error:");
  if (metric.startsWith("errors: ")) return (k) => k === `error:${metric.slice(8)}`;
  if (metric === "refusal rate") return (k) => k === "refusal";
  if (metric === "truncation rate") return (k) => k === "truncated";
  if (metric === "access violations") return (k) => k === "access";
  const scorer = /^(.*) failures$/.exec(metric);
  if (scorer) return (k) => k === `scorer:${scorer[1]}`;
  const judge = /\(([^)]+)\)$|^(.*) failures \(judge\)$/.exec(metric);
  if (judge) return (k) => k === `judge:${judge[1] ?? judge[2]}`;
  return () => false;
}

function examplesFor(state: MonitorState, slice: string, metric: string): Example[] {
  const match = exampleKinds(metric);
  const seen = new Set<string>();
  const out: Example[] = [];
  for (const [key, list] of [...state.examples].sort(([a], [b]) => a.localeCompare(b))) {
    const bar = key.indexOf("|");
    if (key.slice(0, bar) !== slice || !match(key.slice(bar + 1))) continue;
    for (const e of list) {
      if (seen.has(e.where)) continue;
      seen.add(e.where);
      out.push(e);
    }
  }
  return out.sort((a, b) => a.rank - b.rank).slice(0, 3);
}

/** The first current bucket whose value in the slice was past `reference`. */
function sinceOf(
  state: MonitorState,
  slice: string,
  metric: string,
  reference: number,
): string | undefined {
  const buckets = [...state.windows.current]
    .filter(([b]) => b !== "-")
    .sort(([a], [b]) => a.localeCompare(b));
  if (buckets.length < 2) return undefined;
  for (const [b, slices] of buckets) {
    const s = slices.get(slice);
    if (!s) continue;
    let value: number | undefined;
    if (metric === "latency p95") value = quantile(s.latency, 0.95);
    else if (metric === "time to first token p95") value = quantile(s.ttft, 0.95);
    else {
      const m = rateMetrics(s, true).find((x) => x.metric === metric);
      const [bad, n] = m ? m.count(s) : [0, 0];
      // A bucket counts once it is past the reference by more than its own noise.
      if (n > 0) value = bad / n - 2 * Math.sqrt((reference * (1 - reference)) / n);
    }
    if (value !== undefined && value > reference) return b;
  }
  return undefined;
}

function byMetric<T extends { metric: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) m.set(x.metric, [...(m.get(x.metric) ?? []), x]);
  return m;
}

/** Slices whose value is surely within a threshold (a rate's Wilson upper bound, a p95). */
function surelyWithin(a: MonitorAnalysis, metric: string, limit: number): string[] {
  return a.current
    .filter((s) => {
      if (metric === "error rate") return s.errorRate.high <= limit;
      if (metric === "refusal rate") return s.refusalRate.high <= limit;
      if (metric === "latency p95") return s.latencyMs.p95 !== null && s.latencyMs.p95 <= limit;
      const judge = Object.entries(s.judges).find(([k]) => metric.includes(`(${k})`));
      return judge !== undefined && judge[1].high <= limit;
    })
    .map((s) => s.slice);
}

/**
 * Where a metric's change comes from. A dimension localises it when some of its values are off
 * and others surely are not (one model of two); the off slice of largest change there is the
 * root, and the whole and the other dimensions' slices only echo it. Else: all traffic.
 */
export function rootSlice<T extends { slice: string }>(
  off: readonly T[],
  clean: readonly string[],
  size: (t: T) => number,
): string {
  const dim = (s: string) => s.slice(0, Math.max(0, s.indexOf("=")));
  const localising = new Set(clean.filter((s) => s !== "all").map(dim));
  let best: T | undefined;
  for (const t of off) {
    if (t.slice === "all" || !localising.has(dim(t.slice))) continue;
    if (!best || size(t) > size(best)) best = t;
  }
  return best?.slice ?? (off.some((t) => t.slice === "all") ? "all" : off[0]!.slice);
}
