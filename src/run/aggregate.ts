import type { z } from "zod";
import type { ErrorClass } from "../provider/types.js";
import { getOrSet } from "../util/map.js";
import { mean, percentile, round, sd, tally } from "../util/stats.js";
import type { suiteSummarySchema } from "./schema.js";
import type { TrialResult } from "./types.js";

/** Per suite and model: the figures a terminal table and summary.json show. */
export type SuiteSummary = z.infer<typeof suiteSummarySchema>;

interface Acc {
  suite: string;
  model: string;
  promptVersion: string;
  /**
   * Each case's trials so far: its place in `sums` (the sum of their scores) and `counts`. An
   * object a case took ~90 bytes with its entry, two numbers in arrays ~40 (100,000-case runs).
   */
  cases: Map<string, number>;
  sums: number[];
  counts: number[];
  trials: number;
  passed: number;
  prompt: number;
  completion: number;
  /** Cached prompt tokens; undefined until a trial's usage reports them. */
  cached: number | undefined;
  cost: number;
  unknownCost: number;
  latencies: number[];
  ttfts: number[];
  errors: Partial<Record<ErrorClass, number>>;
  judge: SuiteSummary["judge"];
  sources: SuiteSummary["sources"];
}

/** The first failed trials of a run (in the order they were written) and how many failed. */
export interface FailureList {
  shown: TrialResult[];
  total: number;
}

/** How many failed trials a run keeps to show at its end. */
export const FAILURES_SHOWN = 10;

/**
 * Folds trial results into summaries as they stream by; holds numbers, never outputs (but those
 * of the first few failures, which the terminal shows).
 */
export class Aggregator {
  private readonly groups = new Map<string, Acc>();
  private readonly failed: FailureList = { shown: [], total: 0 };
  /** Trials folded. */
  trials = 0;

  /** The first FAILURES_SHOWN failed trials, and the count of all. */
  failures(): FailureList {
    return this.failed;
  }

  add(r: TrialResult): void {
    this.trials++;
    if (!r.pass) {
      this.failed.total++;
      if (this.failed.shown.length < FAILURES_SHOWN) this.failed.shown.push(r);
    }
    const a = getOrSet(this.groups, `${r.suite}\u0000${r.model}`, () => newAcc(r));
    const c = getOrSet(a.cases, r.case, () => a.sums.push(0) - 1);
    a.sums[c]! += r.score;
    a.counts[c] = (a.counts[c] ?? 0) + 1;
    a.trials++;
    if (r.pass) a.passed++;
    a.sources[r.source]++;
    if (r.usage) {
      a.prompt += r.usage.promptTokens;
      a.completion += r.usage.completionTokens;
      if (r.usage.cachedTokens !== undefined) a.cached = (a.cached ?? 0) + r.usage.cachedTokens;
    }
    if (r.error) a.errors[r.error.class] = (a.errors[r.error.class] ?? 0) + 1;
    else {
      if (r.cost === null) a.unknownCost++;
      else a.cost += r.cost;
      if (r.latencyMs !== null) a.latencies.push(r.latencyMs);
      if (r.ttftMs !== null) a.ttfts.push(r.ttftMs);
    }
    for (const s of r.scores)
      if (s.error === "judge_parse") a.judge.parseErrors = (a.judge.parseErrors ?? 0) + 1;
    if (r.judge) {
      a.judge.promptTokens += r.judge.promptTokens;
      a.judge.completionTokens += r.judge.completionTokens;
      a.judge.calls += r.judge.calls;
      if (r.judge.cost === null) a.judge.unknownCost++;
      else a.judge.cost += r.judge.cost;
    }
  }

  summaries(): SuiteSummary[] {
    return [...this.groups.values()]
      .map(finish)
      .sort((x, y) => x.suite.localeCompare(y.suite) || x.model.localeCompare(y.model));
  }
}

function newAcc(r: TrialResult): Acc {
  return {
    suite: r.suite,
    model: r.model,
    promptVersion: r.promptVersion,
    cases: new Map(),
    sums: [],
    counts: [],
    trials: 0,
    passed: 0,
    prompt: 0,
    completion: 0,
    cached: undefined,
    cost: 0,
    unknownCost: 0,
    latencies: [],
    ttfts: [],
    errors: {},
    judge: {
      promptTokens: 0,
      completionTokens: 0,
      cost: 0,
      calls: 0,
      unknownCost: 0,
      parseErrors: 0,
    },
    sources: { fixture: 0, cache: 0, live: 0 },
  };
}

function finish(a: Acc): SuiteSummary {
  const caseMeans = a.sums.map((sum, c) => sum / a.counts[c]!);
  const n = caseMeans.length;
  const pricedTrials = a.trials - a.unknownCost - tally(a.errors);
  return {
    suite: a.suite,
    model: a.model,
    promptVersion: a.promptVersion,
    cases: n,
    trials: a.trials,
    passedTrials: a.passed,
    passRate: round(a.trials ? a.passed / a.trials : 0),
    meanScore: round(n ? mean(caseMeans) : 0),
    scoreSE: round(n > 1 ? sd(caseMeans) / Math.sqrt(n) : 0),
    tokens: {
      prompt: a.prompt,
      completion: a.completion,
      ...(a.cached !== undefined ? { cached: a.cached } : {}),
    },
    cost: {
      total: round(a.cost),
      // Per case (over its trials) from the priced trials; unknown when none was priced.
      perCase: pricedTrials > 0 && n > 0 ? round((a.cost / pricedTrials) * (a.trials / n)) : null,
      unknownTrials: a.unknownCost,
    },
    latencyMs: {
      p50: roundMs(percentile(a.latencies, 50)),
      p95: roundMs(percentile(a.latencies, 95)),
    },
    ttftMs: { p50: roundMs(percentile(a.ttfts, 50)) },
    errors: a.errors,
    judge: { ...a.judge, cost: round(a.judge.cost) },
    sources: a.sources,
  };
}

function roundMs(x: number | null): number | null {
  return x === null ? null : Math.round(x);
}
