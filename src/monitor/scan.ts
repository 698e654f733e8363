import type { MonitorFields } from "../config/schema/monitor.js";
import type { ScorerConfig } from "../config/schema/scorers.js";
import type { ScorerRegistry } from "../scorer/types.js";
import { type Observation, observe } from "./observe.js";
import { type LogFormat, readLog } from "./read-logs.js";
import type { StratifiedSample } from "./sample.js";
import {
  addObservation,
  addProblem,
  findings,
  type MonitorState,
  type WindowName,
} from "./state.js";
import type { MonitorRecord } from "./types.js";

/** A log file to read and the window its records belong to. */
export interface LogFile {
  abs: string;
  /** As shown in reports and examples. */
  file: string;
  /** reference files are the reference window; current files are split by since/until. */
  role: WindowName;
}

export interface ScanOptions {
  files: readonly LogFile[];
  format: LogFormat;
  fields: MonitorFields;
  scorers: readonly ScorerConfig[];
  registry: ScorerRegistry;
  /** Current window [since, until); records of current files before `since` are the reference when no reference files are given. */
  since: number | undefined;
  until: number | undefined;
  /** USD of a record whose log has no cost; undefined when unknown. */
  costOf: (r: MonitorRecord) => number | undefined;
  sample: StratifiedSample | undefined;
  /** Receives every record with a finding (error, refusal, failed scorer, access violation). */
  onFlagged?: ((o: Observation) => void) | undefined;
  onProgress?: ((records: number) => void) | undefined;
}

/** Read every log, score every record and count it in its window. */
export async function scanLogs(state: MonitorState, o: ScanOptions): Promise<void> {
  const split = !o.files.some((f) => f.role === "reference");
  let n = 0;
  for (const f of o.files)
    for await (const item of readLog(f.abs, f.file, o.format, o.fields)) {
      if ("problem" in item) {
        addProblem(state, item.problem);
        continue;
      }
      const r = item.record;
      const window = windowOf(r, f.role, split, o.since, o.until);
      if (!window) {
        state.skipped.outside++;
        continue;
      }
      if (r.cost === undefined) r.cost = o.costOf(r);
      const obs = await observe(r, o.scorers, o.registry);
      addObservation(state, window, obs);
      o.sample?.offer(window, r);
      if (o.onFlagged && window === "current" && findings(obs).length > 0) o.onFlagged(obs);
      if (++n % 10_000 === 0) o.onProgress?.(n);
    }
}

/** The window a record falls in, or undefined when it falls outside both. */
export function windowOf(
  r: Pick<MonitorRecord, "time">,
  role: WindowName,
  split: boolean,
  since: number | undefined,
  until: number | undefined,
): WindowName | undefined {
  if (role === "reference") return "reference";
  if (since === undefined && until === undefined) return "current";
  if (r.time === undefined) return undefined;
  if (until !== undefined && r.time >= until) return undefined;
  if (since !== undefined && r.time < since) return split ? "reference" : undefined;
  return "current";
}
