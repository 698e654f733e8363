/**
 * The data of the view page: report.json's object (the one shape every report shares) plus what a
 * person needs to judge a case that report.json leaves out: inputs, expected, outputs, each
 * trial's scorer reasons and judge reasoning, and the case digest that guards human labels.
 */

import { wilson } from "../compare/stats.js";
import { renderJsonReport } from "../report/json-report.js";
import type { JsonReport } from "../report/json-report-schema.js";
import type { ReportInput } from "../report/types.js";
import type { TrialResult } from "../run/types.js";
import type { QueueItem } from "./queue.js";

export interface ViewTrial {
  trial: number;
  output: string | null;
  score: number;
  pass: boolean;
  latencyMs: number | null;
  tokens: { prompt: number; completion: number } | null;
  cost: number | null;
  error: string | null;
  scores: {
    name: string;
    /** The scorer's type and pass threshold: the review queue tells judges and guardrails apart. */
    type: string;
    threshold: number;
    value: number;
    pass: boolean;
    reason: string;
    error: string | null;
    judgeReasoning: string | null;
  }[];
}

export interface ViewCase {
  /** Key of the case in the page: suite/model/id. */
  key: string;
  suite: string;
  model: string;
  id: string;
  vars: Record<string, unknown> | null;
  expected: unknown;
  /** Digest of the case's inputs when it ran: `label apply` refuses labels whose case changed. */
  caseDigest: string | null;
  baselineOutput: string | null;
  trials: ViewTrial[];
}

export interface ViewData {
  report: JsonReport;
  /** One entry per case of report.cases, in the same order; or per case run when not compared. */
  cases: ViewCase[];
  generatedAt: string;
  /** Set when the page opens in review-queue mode: the ranked cases worth a human look. */
  queue?: QueueItem[];
  /** Per suite with a `groupBy`, model and group: cases passing, with the Wilson 95% interval. */
  groups?: GroupRate[];
}

export interface GroupRate {
  suite: string;
  model: string;
  group: string;
  n: number;
  passed: number;
  low: number;
  high: number;
}

/**
 * The pass rate of each group of cases (a case passes when every trial passed), per suite and
 * model, with its Wilson interval; `groups` is suite -> case id -> group (see suite/groups.ts).
 */
export function groupRates(
  cases: readonly ViewCase[],
  groups: ReadonlyMap<string, ReadonlyMap<string, string>>,
): GroupRate[] {
  const acc = new Map<string, GroupRate>();
  for (const c of cases) {
    const group = groups.get(c.suite)?.get(c.id);
    if (group === undefined || !c.trials.length) continue;
    const k = JSON.stringify([c.suite, c.model, group]);
    const r = acc.get(k) ?? {
      suite: c.suite,
      model: c.model,
      group,
      n: 0,
      passed: 0,
      low: 0,
      high: 1,
    };
    r.n++;
    if (c.trials.every((t) => t.pass)) r.passed++;
    acc.set(k, r);
  }
  return [...acc.values()]
    .map((r) => ({ ...r, ...wilson(r.passed, r.n) }))
    .sort((a, b) =>
      a.suite !== b.suite
        ? a.suite < b.suite
          ? -1
          : 1
        : a.model !== b.model
          ? a.model < b.model
            ? -1
            : 1
          : a.group < b.group
            ? -1
            : a.group > b.group
              ? 1
              : 0,
    );
}

export const caseKey = (suite: string, model: string, id: string): string =>
  `${suite}/${model}/${id}`;

/** Gather the page's data from a run's report input and its trial results (read once, in order). */
export async function buildViewData(
  input: ReportInput,
  results: AsyncIterable<TrialResult>,
  now: Date = new Date(),
): Promise<ViewData> {
  const full = renderJsonReport(input);
  // Each trial's scorers are in `cases`: the report's per-case copies would only add bytes.
  const report: JsonReport = {
    ...full,
    cases: full.cases.map((c) => ({
      ...c,
      baseline: c.baseline && { ...c.baseline, scorers: [] },
      candidate: c.candidate && { ...c.candidate, scorers: [] },
    })),
  };
  const byKey = new Map<string, ViewCase>();
  const make = (suite: string, model: string, id: string): ViewCase => {
    const key = caseKey(suite, model, id);
    let c = byKey.get(key);
    if (!c) {
      const info = input.cases[suite]?.[id];
      c = {
        key,
        suite,
        model,
        id,
        vars: info?.vars ?? null,
        expected: info?.expected ?? null,
        caseDigest: null,
        baselineOutput: null,
        trials: [],
      };
      byKey.set(key, c);
    }
    return c;
  };
  for (const s of input.comparison?.suites ?? [])
    for (const ch of s.changes) {
      const c = make(s.suite, s.model, ch.id);
      c.baselineOutput = ch.baseline?.outputs[0] ?? null;
    }
  for await (const r of results) {
    const c = make(r.suite, r.model, r.case);
    c.caseDigest = r.caseDigest;
    c.trials.push({
      trial: r.trial,
      output: r.output,
      score: r.score,
      pass: r.pass,
      latencyMs: r.latencyMs,
      tokens: r.usage
        ? { prompt: r.usage.promptTokens, completion: r.usage.completionTokens }
        : null,
      cost: r.cost,
      error: r.error ? `${r.error.class}: ${r.error.message}` : null,
      scores: r.scores.map((x) => ({
        name: x.name,
        type: x.type,
        threshold: x.threshold,
        value: x.value,
        pass: x.pass,
        reason: x.reason,
        error: x.error ?? null,
        judgeReasoning: x.judge?.reasoning ?? null,
      })),
    });
  }
  for (const c of byKey.values()) c.trials.sort((a, b) => a.trial - b.trial);
  return { report, cases: [...byKey.values()], generatedAt: now.toISOString() };
}
