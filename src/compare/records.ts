import type { TrialResult } from "../run/types.js";
import { getOrSet } from "../util/map.js";
import { mean, percentile, round, tally } from "../util/stats.js";

/** Outputs kept per trial in baselines and comparisons: enough for a before/after in a report. */
export const OUTPUT_LIMIT = 1500;

/** One scorer's outcome on a case, over its trials. */
export interface ScorerRecord {
  name: string;
  type: string;
  /** Mean value over trials. */
  value: number;
  passes: number;
  /** The reason of the first failing trial, else of the first trial. */
  reason: string;
  error?: string;
}

/** A case on one model: what a baseline stores and what a run is compared by. */
export interface CaseRecord {
  caseDigest: string;
  /** Trial scores in trial order. */
  scores: number[];
  passes: number;
  /** Trials whose call failed, by error class. */
  errors: Record<string, number>;
  /** The first failed call's message, for reports. */
  errorMessage?: string;
  outputs: (string | null)[];
  scorers: ScorerRecord[];
  /** Judge identity per judge scorer: a change here is a change of the judge, not the model. */
  judges: { scorer: string; model: string; promptDigest: string }[];
  tokens: { prompt: number; completion: number };
  /** USD over all trials; null when unknown. */
  cost: number | null;
  /** Mean latency of the successful trials. */
  latencyMs: number | null;
}

/** A suite on one model. */
export interface ModelRecord {
  promptVersion: string;
  trials: number;
  cases: Record<string, CaseRecord>;
}

export function caseMean(c: CaseRecord): number {
  return c.scores.length ? mean(c.scores) : 0;
}

export function casePassRate(c: CaseRecord): number {
  return c.scores.length ? c.passes / c.scores.length : 0;
}

export function errorCount(c: CaseRecord): number {
  return tally(c.errors);
}

/** Figures of a model record, for gates and tables. */
export interface RecordStats {
  cases: number;
  trials: number;
  passRate: number;
  meanScore: number;
  /** Mean cost per case; null when any case's cost is unknown. */
  costPerCase: number | null;
  latencyP95: number | null;
  errorRate: number;
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

/** Fold a run's trial results into records per suite and model (trials in order). */
export async function recordsFromResults(
  results: AsyncIterable<TrialResult> | Iterable<TrialResult>,
): Promise<Map<string, Map<string, ModelRecord>>> {
  const trialsOf = new Map<string, TrialResult[]>();
  for await (const r of results)
    getOrSet(trialsOf, `${r.suite}\u0000${r.model}\u0000${r.case}`, () => []).push(slim(r));
  const out = new Map<string, Map<string, ModelRecord>>();
  for (const trials of trialsOf.values()) {
    trials.sort((a, b) => a.trial - b.trial);
    const first = trials[0]!;
    const model = getOrSet(
      getOrSet(out, first.suite, () => new Map()),
      first.model,
      (): ModelRecord => ({ promptVersion: first.promptVersion, trials: 0, cases: {} }),
    );
    model.trials = Math.max(model.trials, trials.length);
    model.cases[first.case] = caseRecord(trials);
  }
  return out;
}

/** Drop what records do not keep, so a large run's outputs are cut as they stream in. */
function slim(r: TrialResult): TrialResult {
  return r.output && r.output.length > OUTPUT_LIMIT
    ? { ...r, output: `${r.output.slice(0, OUTPUT_LIMIT)}…` }
    : r;
}

function caseRecord(trials: TrialResult[]): CaseRecord {
  const errors: Record<string, number> = {};
  for (const t of trials) if (t.error) errors[t.error.class] = (errors[t.error.class] ?? 0) + 1;
  const ok = trials.filter((t) => !t.error);
  const firstError = trials.find((t) => t.error)?.error;
  const costs = ok.map((t) => t.cost);
  const byScorer = new Map<string, TrialResult["scores"]>();
  for (const t of trials) for (const s of t.scores) getOrSet(byScorer, s.name, () => []).push(s);
  const judges = new Map<string, CaseRecord["judges"][number]>();
  for (const t of trials)
    for (const s of t.scores)
      if (s.judge)
        judges.set(s.name, {
          scorer: s.name,
          model: s.judge.model,
          promptDigest: s.judge.promptDigest,
        });
  return {
    caseDigest: trials[0]!.caseDigest,
    scores: trials.map((t) => round(t.score)),
    passes: trials.filter((t) => t.pass).length,
    errors,
    ...(firstError ? { errorMessage: firstError.message } : {}),
    outputs: trials.map((t) => t.output),
    scorers: [...byScorer.entries()].map(([name, ss]) => {
      const failing = ss.find((s) => !s.pass);
      return {
        name,
        type: ss[0]!.type,
        value: round(mean(ss.map((s) => s.value))),
        passes: ss.filter((s) => s.pass).length,
        reason: (failing ?? ss[0]!).reason,
        ...(failing?.error ? { error: failing.error } : {}),
      };
    }),
    judges: [...judges.values()],
    tokens: {
      prompt: trials.reduce((n, t) => n + (t.usage?.promptTokens ?? 0), 0),
      completion: trials.reduce((n, t) => n + (t.usage?.completionTokens ?? 0), 0),
    },
    cost:
      ok.length && costs.every((c) => c !== null)
        ? round((costs as number[]).reduce((a, b) => a + b, 0))
        : null,
    latencyMs: ok.length ? Math.round(mean(ok.map((t) => t.latencyMs ?? 0))) : null,
  };
}
