import type { z } from "zod";
import type { TrialResult } from "../run/types.js";
import { mean, percentile, round, tally } from "../util/stats.js";
import { RecordBuilder } from "./record-builder.js";
import type {
  caseRecordSchema,
  modelRecordSchema,
  recordStatsSchema,
  scorerRecordSchema,
} from "./schema.js";

export { OUTPUT_LIMIT } from "./record-builder.js";

/** One scorer's outcome on a case, over its trials. */
export type ScorerRecord = z.infer<typeof scorerRecordSchema>;
/** A case on one model: what a baseline stores and what a run is compared by. */
export type CaseRecord = z.infer<typeof caseRecordSchema>;
/** A suite on one model. */
export type ModelRecord = z.infer<typeof modelRecordSchema>;
/** Figures of a model record, for gates and tables. */
export type RecordStats = z.infer<typeof recordStatsSchema>;

export function caseMean(c: CaseRecord): number {
  return c.scores.length ? mean(c.scores) : 0;
}

export function casePassRate(c: CaseRecord): number {
  return c.scores.length ? c.passes / c.scores.length : 0;
}

export function errorCount(c: CaseRecord): number {
  return tally(c.errors);
}

export function recordStats(m: ModelRecord): RecordStats {
  const cases = Object.values(m.cases);
  const trials = cases.reduce((n, c) => n + c.scores.length, 0);
  const costs = cases.map((c) => c.cost);
  const latencies = cases.map((c) => c.latencyMs).filter((x): x is number => x !== null);
  return {
    cases: cases.length,
    trials,
    passRate: round(trials ? cases.reduce((n, c) => n + c.passes, 0) / trials : 0),
    meanScore: round(cases.length ? mean(cases.map(caseMean)) : 0),
    costPerCase:
      costs.length && costs.every((c) => c !== null) ? round(mean(costs as number[])) : null,
    latencyP95: latencies.length ? Math.round(percentile(latencies, 95)!) : null,
    errorRate: round(trials ? cases.reduce((n, c) => n + errorCount(c), 0) / trials : 0),
  };
}

/**
 * Pass rate of each scorer over the trials it scored (a failed call is scored by none), in the
 * order the scorers first appear.
 */
export function scorerPassRates(
  m: ModelRecord,
): Map<string, { type: string; trials: number; passRate: number }> {
  const acc = new Map<string, { type: string; trials: number; passes: number }>();
  for (const c of Object.values(m.cases)) {
    const scored = c.scores.length - errorCount(c);
    for (const s of c.scorers) {
      const a = acc.get(s.name) ?? { type: s.type, trials: 0, passes: 0 };
      // Baselines written before `entries` count a doubled scorer's passes twice: never above 100%.
      a.trials += Math.max(s.entries ?? scored, s.passes);
      a.passes += s.passes;
      acc.set(s.name, a);
    }
  }
  return new Map(
    [...acc].map(([name, a]) => [
      name,
      { type: a.type, trials: a.trials, passRate: round(a.trials ? a.passes / a.trials : 0) },
    ]),
  );
}

/** Records per suite, then per model: what a run is compared by and a baseline stores. */
export type RunRecords = Map<string, Map<string, ModelRecord>>;

/**
 * Fold a run's trial results into records per suite and model (trials in order). With
 * `outputs: false` the records keep no outputs (the statistics never read them): a large run's
 * records stay small, and `attachOutputs` fills in the few a report shows.
 */
export async function recordsFromResults(
  results: AsyncIterable<TrialResult> | Iterable<TrialResult>,
  opts: { outputs: boolean } = { outputs: true },
): Promise<RunRecords> {
  const builder = new RecordBuilder(opts);
  for await (const r of results) builder.add(r);
  return builder.finish();
}
