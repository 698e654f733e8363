import type { Alert } from "./alerts.js";
import type { MonitorAnalysis } from "./analyze.js";
import type { JudgeProgress } from "./judge.js";
import type { SeriesRow } from "./series.js";
import type { MonitorState } from "./state.js";

/** Everything a monitor run reports: the JSON output, and what the markdown and terminal show. */
export interface MonitorReport {
  name: string;
  verdict: "alert" | "ok" | "inconclusive";
  windows: { current: WindowInfo; reference: WindowInfo | undefined };
  alerts: Alert[];
  analysis: MonitorAnalysis;
  series: SeriesRow[];
  judges: JudgeProgress | undefined;
  skipped: MonitorState["skipped"];
  problems: string[];
  /** The command that reproduces this run. */
  reproduce: string;
}

export interface WindowInfo {
  records: number;
  /** First and last bucket with records. */
  from: string | undefined;
  to: string | undefined;
}

export function windowInfo(state: MonitorState, w: "current" | "reference"): WindowInfo {
  const buckets = [...state.windows[w].keys()].filter((b) => b !== "-").sort();
  let records = 0;
  for (const slices of state.windows[w].values()) records += slices.get("all")?.records ?? 0;
  return { records, from: buckets[0], to: buckets.at(-1) };
}

export function verdictOf(alerts: readonly Alert[], a: MonitorAnalysis): MonitorReport["verdict"] {
  if (alerts.length > 0) return "alert";
  return a.drift.some((d) => d.decision === "inconclusive") ? "inconclusive" : "ok";
}
