import type { DDSketch } from "@datadog/sketches-js";
import { newSketch, type SketchJson, sketchFromJson, sketchToJson } from "./sketch.js";

/** Sum, sum of squares and count of a number: enough for a mean and its standard error. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** Passes and failures of one scorer or judge, with the moments of its values. */
export interface ScoreTally extends Moments {
  fail: number;
  /** Judge calls that could not decide (errors, unparseable replies). */
  errors: number;
}

/**
 * Everything the monitor counts for one slice of one window: counts add and sketches merge, so
 * shards combine to the same numbers as one run.
 */
export interface SliceStats {
  records: number;
  errors: Record<string, number>;
  /** Records that returned an answer: the base of refusal and truncation rates. */
  answered: number;
  refusals: number;
  truncated: number;
  latency: DDSketch;
  ttft: DDSketch;
  inputTokens: DDSketch;
  outputTokens: DDSketch;
  cachedTokens: number;
  cost: Moments;
  /** Records whose cost is unknown (no usage, or a model without a price). */
  costUnknown: number;
  scorers: Record<string, ScoreTally>;
  judges: Record<string, ScoreTally>;
  /** Records with a permission check, records with a violation, violating chunks. */
  access: { checked: number; records: number; chunks: number };
  retrieval: { n: number; recall: number; rr: number };
}

export function newSliceStats(): SliceStats {
  return {
    records: 0,
    errors: {},
    answered: 0,
    refusals: 0,
    truncated: 0,
    latency: newSketch(),
    ttft: newSketch(),
    inputTokens: newSketch(),
    outputTokens: newSketch(),
    cachedTokens: 0,
    cost: { n: 0, sum: 0, sumSq: 0 },
    costUnknown: 0,
    scorers: {},
    judges: {},
    access: { checked: 0, records: 0, chunks: 0 },
    retrieval: { n: 0, recall: 0, rr: 0 },
  };
}

export function addMoment(m: Moments, x: number): void {
  m.n++;
  m.sum += x;
  m.sumSq += x * x;
}

export function tallyScore(
  t: Record<string, ScoreTally>,
  name: string,
  value: number,
  pass: boolean,
  error: boolean,
): void {
  t[name] ??= { n: 0, sum: 0, sumSq: 0, fail: 0, errors: 0 };
  const s = t[name];
  if (error) {
    s.errors++;
    return;
  }
  addMoment(s, value);
  if (!pass) s.fail++;
}

/** Add `b` into `a`. */
export function mergeSliceStats(a: SliceStats, b: SliceStats): void {
  a.records += b.records;
  for (const [k, v] of Object.entries(b.errors)) a.errors[k] = (a.errors[k] ?? 0) + v;
  a.answered += b.answered;
  a.refusals += b.refusals;
  a.truncated += b.truncated;
  for (const k of ["latency", "ttft", "inputTokens", "outputTokens"] as const)
    if (b[k].count > 0) a[k].merge(b[k]);
  a.cachedTokens += b.cachedTokens;
  mergeMoments(a.cost, b.cost);
  a.costUnknown += b.costUnknown;
  for (const k of ["scorers", "judges"] as const)
    for (const [name, t] of Object.entries(b[k])) {
      a[k][name] ??= { n: 0, sum: 0, sumSq: 0, fail: 0, errors: 0 };
      const s = a[k][name];
      mergeMoments(s, t);
      s.fail += t.fail;
      s.errors += t.errors;
    }
  a.access.checked += b.access.checked;
  a.access.records += b.access.records;
  a.access.chunks += b.access.chunks;
  a.retrieval.n += b.retrieval.n;
  a.retrieval.recall += b.retrieval.recall;
  a.retrieval.rr += b.retrieval.rr;
}

function mergeMoments(a: Moments, b: Moments): void {
  a.n += b.n;
  a.sum += b.sum;
  a.sumSq += b.sumSq;
}

export type SliceStatsJson = Omit<
  SliceStats,
  "latency" | "ttft" | "inputTokens" | "outputTokens"
> & {
  latency: SketchJson;
  ttft: SketchJson;
  inputTokens: SketchJson;
  outputTokens: SketchJson;
};

export function sliceToJson(s: SliceStats): SliceStatsJson {
  return {
    ...s,
    latency: sketchToJson(s.latency),
    ttft: sketchToJson(s.ttft),
    inputTokens: sketchToJson(s.inputTokens),
    outputTokens: sketchToJson(s.outputTokens),
  };
}

export function sliceFromJson(j: SliceStatsJson): SliceStats {
  return {
    ...structuredClone(j),
    latency: sketchFromJson(j.latency),
    ttft: sketchFromJson(j.ttft),
    inputTokens: sketchFromJson(j.inputTokens),
    outputTokens: sketchFromJson(j.outputTokens),
  };
}

/** Records that failed with an error of any class. */
export function errorCount(s: SliceStats): number {
  let n = 0;
  for (const v of Object.values(s.errors)) n += v;
  return n;
}
