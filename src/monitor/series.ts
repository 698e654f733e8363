import { judgeMetricName, meanOf } from "./metrics.js";
import { quantile } from "./sketch.js";
import { errorCount } from "./slice-stats.js";
import type { MonitorState, WindowName } from "./state.js";

/** One bucket (hour or day) of the headline metrics, over all records. */
export interface SeriesRow {
  window: WindowName;
  bucket: string;
  records: number;
  errorRate: number | null;
  refusalRate: number | null;
  latencyP95: number | null;
  costPerRequest: number | null;
  /** Failure share of each every-record scorer and each judge (judges: of the sample). */
  failures: Record<string, number | null>;
}

/** The series table: each bucket of the reference, then of the current window. */
export function seriesOf(state: MonitorState): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (const window of ["reference", "current"] as const)
    for (const [bucket, slices] of [...state.windows[window]].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const s = slices.get("all");
      if (!s) continue;
      const failures: Record<string, number | null> = {};
      for (const [k, t] of Object.entries(s.scorers)) failures[k] = t.n ? t.fail / t.n : null;
      for (const [k, t] of Object.entries(s.judges))
        failures[judgeMetricName(k)] = t.n ? t.fail / t.n : null;
      rows.push({
        window,
        bucket,
        records: s.records,
        errorRate: s.records ? errorCount(s) / s.records : null,
        refusalRate: s.answered ? s.refusals / s.answered : null,
        latencyP95: quantile(s.latency, 0.95) ?? null,
        costPerRequest: meanOf(s.cost),
        failures,
      });
    }
  return rows;
}
