import { maskPii } from "../scorer/guard/pii.js";
import { maskSecrets } from "../scorer/guard/secrets.js";
import { sha256 } from "../util/hash.js";
import { getOrSet } from "../util/map.js";
import type { Observation } from "./observe.js";
import {
  addMoment,
  mergeSliceStats,
  newSliceStats,
  type SliceStats,
  tallyScore,
} from "./slice-stats.js";
import { DIMENSIONS, type MonitorRecord } from "./types.js";

export type WindowName = "current" | "reference";
/** Slices of one window by time bucket ("-" for records without a time) and slice key. */
export type Buckets = Map<string, Map<string, SliceStats>>;

/** A record shown in a report as an example of a finding: clipped, with PII and secrets masked. */
export interface Example {
  id: string;
  where: string;
  model: string;
  feature: string | undefined;
  group: string | undefined;
  input: string;
  output: string;
  reason: string;
  /** Seeded priority; the lowest three per finding are kept, so shards merge to the same ones. */
  rank: number;
}

/** Everything a scan accumulates; mergeable across shards. */
export interface MonitorState {
  bucket: "hour" | "day";
  windows: Record<WindowName, Buckets>;
  examples: Map<string, Example[]>;
  /** Records skipped: unreadable lines, or outside the windows. */
  skipped: { unreadable: number; outside: number };
  problems: string[];
}

export const EXAMPLES_PER_FINDING = 3;
const MAX_PROBLEMS = 20;

export function newState(bucket: "hour" | "day"): MonitorState {
  return {
    bucket,
    windows: { current: new Map(), reference: new Map() },
    examples: new Map(),
    skipped: { unreadable: 0, outside: 0 },
    problems: [],
  };
}

/** The slice keys a record counts in: the whole, and its model, feature and group. */
export function sliceKeys(r: Pick<MonitorRecord, "model" | "feature" | "group">): string[] {
  const keys = ["all"];
  for (const d of DIMENSIONS) if (r[d] !== undefined) keys.push(`${d}=${r[d]}`);
  return keys;
}

let lastBucket = { hour: Number.NaN, bucket: "day" as "hour" | "day", key: "" };

export function bucketOf(time: number | undefined, bucket: "hour" | "day"): string {
  if (time === undefined) return "-";
  // Logs come in time order: most records fall in the hour of the one before.
  const hour = Math.floor(time / 3_600_000);
  if (hour === lastBucket.hour && bucket === lastBucket.bucket) return lastBucket.key;
  const iso = new Date(time).toISOString();
  const key = bucket === "day" ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00`;
  lastBucket = { hour, bucket, key };
  return key;
}

/** Count one observation in its window. */
export function addObservation(state: MonitorState, window: WindowName, o: Observation): void {
  const r = o.record;
  const b = bucketOf(r.time, state.bucket);
  const slices = getOrSet(state.windows[window], b, () => new Map<string, SliceStats>());
  for (const key of sliceKeys(r)) {
    countIn(getOrSet(slices, key, newSliceStats), o);
  }
  if (window === "current") keepExamples(state, o);
}

function countIn(s: SliceStats, o: Observation): void {
  const r = o.record;
  s.records++;
  if (r.error) s.errors[r.error.class] = (s.errors[r.error.class] ?? 0) + 1;
  else {
    s.answered++;
    if (o.refusal) s.refusals++;
    if (o.truncated) s.truncated++;
  }
  if (r.latencyMs !== undefined && r.latencyMs >= 0) s.latency.accept(r.latencyMs);
  if (r.ttftMs !== undefined && r.ttftMs >= 0) s.ttft.accept(r.ttftMs);
  if (r.inputTokens !== undefined && r.inputTokens >= 0) s.inputTokens.accept(r.inputTokens);
  if (r.outputTokens !== undefined && r.outputTokens >= 0) s.outputTokens.accept(r.outputTokens);
  s.cachedTokens += r.cachedTokens ?? 0;
  if (r.cost !== undefined) addMoment(s.cost, r.cost);
  else s.costUnknown++;
  for (const sc of o.scores) tallyScore(s.scorers, sc.name, sc.value, sc.pass, sc.error);
  if (o.accessViolations !== undefined) {
    s.access.checked++;
    if (o.accessViolations > 0) s.access.records++;
    s.access.chunks += o.accessViolations;
  }
  if (o.retrieval) {
    s.retrieval.n++;
    s.retrieval.recall += o.retrieval.recall;
    s.retrieval.rr += o.retrieval.rr;
  }
}

/** The findings of a record, as example keys with the reason shown. */
export function findings(o: Observation): { kind: string; reason: string }[] {
  const r = o.record;
  const out: { kind: string; reason: string }[] = [];
  if (r.error) out.push({ kind: `error:${r.error.class}`, reason: r.error.message });
  if (o.refusal) out.push({ kind: "refusal", reason: "the answer is a refusal" });
  if (o.truncated) out.push({ kind: "truncated", reason: "finish_reason: length" });
  for (const s of o.scores) if (!s.pass) out.push({ kind: `scorer:${s.name}`, reason: s.reason });
  if (o.accessViolations)
    out.push({
      kind: "access",
      reason: `${o.accessViolations} retrieved chunk(s) the user may not see`,
    });
  return out;
}

function keepExamples(state: MonitorState, o: Observation): void {
  for (const f of findings(o)) keepExample(state, o.record, f.kind, f.reason);
}

/** Keep a record as an example of a finding in each of its slices, if it ranks among the first. */
export function keepExample(
  state: MonitorState,
  r: MonitorRecord,
  kind: string,
  reason: string,
): void {
  const rank = Number.parseInt(sha256(`${r.id}:${r.file}:${r.line}`).slice(0, 12), 16);
  for (const slice of sliceKeys(r)) {
    const key = `${slice}|${kind}`;
    const list = state.examples.get(key) ?? [];
    if (list.length >= EXAMPLES_PER_FINDING && rank >= list.at(-1)!.rank) continue;
    insertExample(state.examples, key, [toExample(r, reason, rank)]);
  }
}

function insertExample(map: Map<string, Example[]>, key: string, add: Example[]): void {
  const list = [...(map.get(key) ?? []), ...add].sort((a, b) => a.rank - b.rank);
  map.set(key, list.slice(0, EXAMPLES_PER_FINDING));
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const mask = (s: string) => maskPii(maskSecrets(s));

function toExample(r: MonitorRecord, reason: string, rank: number): Example {
  return {
    id: r.id,
    where: `${r.file}:${r.line}`,
    model: r.model,
    feature: r.feature,
    group: r.group,
    input: mask(clip(r.input)),
    output: mask(clip(r.output)),
    reason: mask(clip(reason, 200)),
    rank,
  };
}

/** The whole window as one slice map (every bucket merged). */
export function windowTotals(b: Buckets): Map<string, SliceStats> {
  const out = new Map<string, SliceStats>();
  for (const slices of b.values())
    for (const [key, s] of slices) {
      mergeSliceStats(getOrSet(out, key, newSliceStats), s);
    }
  return out;
}

/** Merge state `b` into `a` (shards of one run). */
export function mergeStates(a: MonitorState, b: MonitorState): void {
  for (const w of ["current", "reference"] as const)
    for (const [bucket, slices] of b.windows[w]) {
      const target = getOrSet(a.windows[w], bucket, () => new Map<string, SliceStats>());
      for (const [key, s] of slices) {
        mergeSliceStats(getOrSet(target, key, newSliceStats), s);
      }
    }
  for (const [key, list] of b.examples) {
    const ids = new Set((a.examples.get(key) ?? []).map((e) => `${e.where}`));
    insertExample(
      a.examples,
      key,
      list.filter((e) => !ids.has(e.where)),
    );
  }
  a.skipped.unreadable += b.skipped.unreadable;
  a.skipped.outside += b.skipped.outside;
  a.problems = [...a.problems, ...b.problems].slice(0, MAX_PROBLEMS);
}

export function addProblem(state: MonitorState, problem: string): void {
  state.skipped.unreadable++;
  if (state.problems.length < MAX_PROBLEMS) state.problems.push(problem);
}
