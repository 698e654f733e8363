import { holm } from "../compare/stats.js";
import { MONITOR_DEFAULTS, type MonitorAlerts } from "../config/schema/monitor.js";
import {
  type DriftTest,
  decideDrift,
  meanDrift,
  quantileDrift,
  type RawTest,
  rateDrift,
} from "./drift.js";
import { type FairnessTest, groupGap, type RawFairness } from "./fairness.js";
import { judgeMetricName, rateMetrics, type SliceSummary, summarize } from "./metrics.js";
import { newSliceStats, type SliceStats } from "./slice-stats.js";
import { type MonitorState, windowTotals } from "./state.js";

/** Settings of the tests, defaults applied. */
export type AlertSettings = {
  [K in
    | "alpha"
    | "maxGroupGap"
    | "minGroupSize"
    | "rateMargin"
    | "latencyMargin"
    | "costMargin"
    | "scoreMargin"
    | "maxAccessViolations"]-?: NonNullable<MonitorAlerts[K]>;
} & Pick<
  MonitorAlerts,
  "maxErrorRate" | "maxRefusalRate" | "maxHallucinationRate" | "maxP95LatencyMs"
>;

export function alertSettings(a: MonitorAlerts = {}): AlertSettings {
  const d = MONITOR_DEFAULTS;
  return {
    ...a,
    alpha: a.alpha ?? d.alpha,
    maxGroupGap: a.maxGroupGap ?? d.maxGroupGap,
    minGroupSize: a.minGroupSize ?? d.minGroupSize,
    rateMargin: a.rateMargin ?? d.rateMargin,
    latencyMargin: a.latencyMargin ?? d.latencyMargin,
    costMargin: a.costMargin ?? d.costMargin,
    scoreMargin: a.scoreMargin ?? d.scoreMargin,
    maxAccessViolations: a.maxAccessViolations ?? d.maxAccessViolations,
  };
}

/** What a monitor run found: the numbers, the tests and the alerts they raise. */
export interface MonitorAnalysis {
  current: SliceSummary[];
  reference: SliceSummary[];
  drift: DriftTest[];
  fairness: FairnessTest[];
  thresholds: ThresholdBreach[];
  settings: AlertSettings;
}

/** An absolute limit the current window is surely beyond. */
export interface ThresholdBreach {
  slice: string;
  metric: string;
  value: number;
  /** What was compared with the limit: the Wilson lower bound of a rate, p95, a count. */
  bound: number;
  limit: number;
}

const bySlice = (a: SliceSummary, b: SliceSummary) =>
  a.slice === "all" ? -1 : b.slice === "all" ? 1 : a.slice.localeCompare(b.slice);

export function analyze(state: MonitorState, settings: AlertSettings): MonitorAnalysis {
  const cur = windowTotals(state.windows.current);
  const ref = windowTotals(state.windows.reference);
  const raw: RawTest[] = ref.size > 0 ? driftTests(cur, ref, settings) : [];
  const fair = fairnessTests(cur, settings);
  // One family: every drift and fairness test of the run, Holm-corrected together.
  const adjusted = holm([...raw.map((t) => t.pValue), ...fair.map((t) => t.pValue)]);
  const drift = raw.map((t, i) => ({
    ...t,
    pAdjusted: adjusted[i]!,
    decision: decideDrift(t, adjusted[i]!, settings.alpha),
  }));
  const fairness = fair.map((t, i) => {
    const pAdjusted = adjusted[raw.length + i]!;
    return { ...t, pAdjusted, flagged: pAdjusted < settings.alpha && t.gap > t.maxGroupGap };
  });
  const current = [...cur].map(([k, s]) => summarize(k, s)).sort(bySlice);
  return {
    current,
    reference: [...ref].map(([k, s]) => summarize(k, s)).sort(bySlice),
    drift,
    fairness,
    thresholds: thresholdBreaches(current, settings),
    settings,
  };
}

function driftTests(
  cur: Map<string, SliceStats>,
  ref: Map<string, SliceStats>,
  o: AlertSettings,
): RawTest[] {
  const out: RawTest[] = [];
  const names = cur.get("all") ?? newSliceStats();
  for (const [slice, c] of [...cur].sort(([a], [b]) => a.localeCompare(b))) {
    const r = ref.get(slice);
    if (!r || r.records < o.minGroupSize || c.records < o.minGroupSize) continue;
    for (const m of rateMetrics(names, slice === "all")) {
      const t = rateDrift(slice, m, r, c, o.rateMargin, o.alpha);
      if (t && t.nReference >= o.minGroupSize && t.nCurrent >= o.minGroupSize) out.push(t);
    }
    for (const [k, label] of [
      ["latency", "latency"],
      ["ttft", "time to first token"],
    ] as const) {
      const t = quantileDrift(slice, label, r[k], c[k], o.latencyMargin);
      if (t && t.nReference >= o.minGroupSize && t.nCurrent >= o.minGroupSize) out.push(t);
    }
    const cost = meanDrift(slice, "cost per request", r.cost, c.cost, {
      margin: o.costMargin,
      alpha: o.alpha,
      relative: true,
      lowerIsWorse: false,
    });
    if (cost) out.push(cost);
    for (const name of Object.keys(c.judges).sort()) {
      const [a, b] = [r.judges[name], c.judges[name]];
      if (!a || !b || a.n < o.minGroupSize || b.n < o.minGroupSize) continue;
      const t = meanDrift(slice, `${name} mean score`, a, b, {
        margin: o.scoreMargin,
        alpha: o.alpha,
        relative: false,
        lowerIsWorse: true,
      });
      if (t) out.push(t);
    }
  }
  return out;
}

function fairnessTests(cur: Map<string, SliceStats>, o: AlertSettings): RawFairness[] {
  const groups = new Map(
    [...cur].filter(([k]) => k.startsWith("group=")).map(([k, s]) => [k.slice(6), s]),
  );
  if (groups.size < 2) return [];
  const out: RawFairness[] = [];
  for (const m of rateMetrics(cur.get("all") ?? newSliceStats(), false)) {
    const t = groupGap(m, groups, o.minGroupSize, o.maxGroupGap);
    if (t) out.push(t);
  }
  return out;
}

function thresholdBreaches(current: SliceSummary[], o: AlertSettings): ThresholdBreach[] {
  const out: ThresholdBreach[] = [];
  const check = (
    slice: string,
    metric: string,
    r: { rate: number | null; low: number },
    limit?: number,
  ) => {
    if (limit !== undefined && r.rate !== null && r.low > limit)
      out.push({ slice, metric, value: r.rate, bound: r.low, limit });
  };
  for (const s of current) {
    check(s.slice, "error rate", s.errorRate, o.maxErrorRate);
    check(s.slice, "refusal rate", s.refusalRate, o.maxRefusalRate);
    for (const [name, j] of Object.entries(s.judges))
      if (/grounded/i.test(name)) check(s.slice, judgeMetricName(name), j, o.maxHallucinationRate);
    const p95 = s.latencyMs.p95;
    if (o.maxP95LatencyMs !== undefined && p95 !== null && p95 > o.maxP95LatencyMs)
      out.push({
        slice: s.slice,
        metric: "latency p95",
        value: p95,
        bound: p95,
        limit: o.maxP95LatencyMs,
      });
  }
  const all = current.find((s) => s.slice === "all");
  if (all && all.access.chunks > o.maxAccessViolations)
    out.push({
      slice: "all",
      metric: "access violations",
      value: all.access.chunks,
      bound: all.access.chunks,
      limit: o.maxAccessViolations,
    });
  return out;
}
