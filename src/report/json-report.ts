/**
 * The machine-readable report (report.json): a stable, versioned shape documented in
 * docs/report-json.md. Additive changes keep `schemaVersion`; a breaking change bumps it.
 */
import type { CaseChange, CaseStatus } from "../compare/classify.js";
import type { SuiteComparison, Verdict } from "../compare/compare.js";
import {
  type CaseRecord,
  caseMean,
  type RecordStats,
  type ScorerRecord,
} from "../compare/records.js";
import type { Decision, PairedTest } from "../compare/stats.js";
import type { SuiteSummary } from "../run/aggregate.js";
import type { RunStatus, RunSummary } from "../run/types.js";
import type { CaseInfo, ReportInput } from "./types.js";
import { headline, suiteReason } from "./verdict.js";

/** The run's verdict, or "not-compared" when the run did not complete and no gate was decided. */
/** "error": the run could not complete or produced no scores (exit 3), whatever was compared. */
export type JsonVerdict = Verdict | "not-compared" | "error";

/** report.json, version 1. */
export interface JsonReport {
  schemaVersion: 1;
  kind: "llmops-report";
  verdict: JsonVerdict;
  /** The verdict line of the markdown report, as plain text. */
  verdictLine: string;
  /** The exit code of the run that the verdict line was derived from. */
  exitCode: number;
  run: JsonRun;
  /** One entry per suite and model. */
  suites: JsonSuite[];
  /** Every case of every compared suite and model (empty when not compared). */
  cases: JsonCase[];
  /** The command that reproduces the run locally. */
  reproduce: string;
}

export interface JsonRun {
  id: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  llmopsVersion: string;
  git: { commit: string | null; dirty: boolean; user: string | null };
  ci: { provider: string; url: string | null } | null;
  totals: { trials: number; planned: number; remaining: number; spentUsd: number };
}

export interface JsonSuite {
  suite: string;
  model: string;
  verdict: JsonVerdict;
  /** Why the verdict is what it is, in one line; null when not compared. */
  reason: string | null;
  /** The run's own figures of this suite and model; null when the run summary lacks them. */
  figures: JsonFigures | null;
  /** The comparison with the baseline; null when not compared. */
  comparison: JsonSuiteComparison | null;
}

/** What the run spent and measured on a suite and model (from the run summary). */
export interface JsonFigures {
  promptVersion: string;
  cases: number;
  trials: number;
  passedTrials: number;
  passRate: number;
  meanScore: number;
  scoreSE: number;
  tokens: { prompt: number; completion: number };
  cost: { total: number; perCase: number | null; unknownTrials: number };
  latencyMs: { p50: number | null; p95: number | null };
  ttftMs: { p50: number | null };
  errors: Record<string, number>;
  judge: {
    promptTokens: number;
    completionTokens: number;
    cost: number;
    calls: number;
    unknownCost: number;
  };
  sources: { fixture: number; cache: number; live: number };
}

/** Figures of one side of a comparison. */
export interface JsonStats {
  cases: number;
  trials: number;
  passRate: number;
  meanScore: number;
  costPerCase: number | null;
  latencyP95: number | null;
  errorRate: number;
}

/** The paired test of the drop (candidate minus baseline, per case). */
export interface JsonTest {
  n: number;
  nonZero: number;
  meanDiff: number;
  drop: number;
  se: number;
  dropUpper: number;
  dropLower: number;
  pValue: number;
  method: "exact" | "monte-carlo" | "t";
}

export interface JsonCheck {
  name: "quality" | "minPassRate" | "cost" | "latency" | "errors";
  status: "pass" | "fail" | "skip";
  detail: string;
}

export interface JsonScorer {
  name: string;
  type: string;
  value: number;
  passes: number;
  reason: string;
  error: string | null;
}

export interface JsonSuiteComparison {
  baselineModel: string | null;
  isNew: boolean;
  decision: Decision | "new";
  promptVersions: { baseline: string | null; candidate: string };
  baseline: JsonStats | null;
  candidate: JsonStats;
  paired: number;
  test: JsonTest | null;
  pAdjusted: number | null;
  mde: number | null;
  gate: { margin: number; alpha: number };
  checks: JsonCheck[];
  counts: Record<CaseStatus, number>;
  drift: string[];
}

export interface JsonCase {
  suite: string;
  model: string;
  id: string;
  status: CaseStatus;
  delta: number | null;
  /** Flaky cases: the candidate's pass rate and its Wilson 95% interval. */
  passRate: { rate: number; low: number; high: number } | null;
  /** Where the case is written; null when unknown. */
  location: { file: string; line: number } | null;
  baseline: JsonCaseSide | null;
  candidate: JsonCaseSide | null;
}

/** One side of a case, without its outputs (they are in the run folder's results.jsonl). */
export interface JsonCaseSide {
  meanScore: number;
  trials: number;
  passes: number;
  scores: number[];
  errors: Record<string, number>;
  errorMessage: string | null;
  scorers: JsonScorer[];
  tokens: { prompt: number; completion: number };
  cost: number | null;
  latencyMs: number | null;
}

/** Build report.json's object (serialise it with JSON.stringify). */
export function renderJsonReport(input: ReportInput): JsonReport {
  const { summary, comparison: c } = input;
  const figuresOf = (suite: string, model: string) => {
    const found = summary.suites.find((s) => s.suite === suite && s.model === model);
    return found ? jsonFigures(found) : null;
  };
  const suites = c
    ? c.suites.map((s) => ({
        suite: s.suite,
        model: s.model,
        verdict: s.verdict,
        reason: suiteReason(s),
        figures: figuresOf(s.suite, s.model),
        comparison: jsonComparison(s),
      }))
    : summary.suites.map((s) => ({
        suite: s.suite,
        model: s.model,
        verdict: "not-compared" as const,
        reason: null,
        figures: jsonFigures(s),
        comparison: null,
      }));
  return {
    schemaVersion: 1,
    kind: "llmops-report",
    verdict: !c ? "not-compared" : input.decision.failure !== undefined ? "error" : c.verdict,
    verdictLine: headline(summary, c, input.decision).text,
    exitCode: input.decision.exitCode,
    run: jsonRun(summary),
    suites,
    cases: c
      ? c.suites.flatMap((s) =>
          s.changes.map((ch) => jsonCase(s, ch, input.cases[s.suite]?.[ch.id])),
        )
      : [],
    reproduce: input.reproduce,
  };
}

function jsonRun(s: RunSummary): JsonRun {
  return {
    id: s.runId,
    status: s.status,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    durationMs: s.durationMs,
    llmopsVersion: s.meta.llmopsVersion,
    git: { ...s.meta.git },
    ci: s.meta.ci ? { ...s.meta.ci } : null,
    totals: { ...s.totals },
  };
}

function jsonComparison(s: SuiteComparison): JsonSuiteComparison {
  return {
    baselineModel: s.baselineModel,
    isNew: s.isNew,
    decision: s.decision,
    promptVersions: { baseline: s.promptVersions.baseline, candidate: s.promptVersions.candidate },
    baseline: s.baseline ? jsonStats(s.baseline) : null,
    candidate: jsonStats(s.candidate),
    paired: s.paired,
    test: s.test ? jsonTest(s.test) : null,
    pAdjusted: s.pAdjusted,
    mde: finiteOrNull(s.mde),
    gate: { margin: s.gate.margin, alpha: s.gate.alpha },
    checks: s.checks.map((k) => ({ name: k.name, status: k.status, detail: k.detail })),
    counts: { ...s.counts },
    drift: [...s.drift],
  };
}

function jsonStats(r: RecordStats): JsonStats {
  return {
    cases: r.cases,
    trials: r.trials,
    passRate: r.passRate,
    meanScore: r.meanScore,
    costPerCase: r.costPerCase,
    latencyP95: r.latencyP95,
    errorRate: r.errorRate,
  };
}

function jsonTest(t: PairedTest): JsonTest {
  return {
    n: t.n,
    nonZero: t.nonZero,
    meanDiff: t.meanDiff,
    drop: t.drop,
    se: t.se,
    dropUpper: t.dropUpper,
    dropLower: t.dropLower,
    pValue: t.pValue,
    method: t.method,
  };
}

function jsonFigures(s: SuiteSummary): JsonFigures {
  const errors = Object.fromEntries(
    Object.entries(s.errors).filter((e): e is [string, number] => e[1] !== undefined),
  );
  return {
    promptVersion: s.promptVersion,
    cases: s.cases,
    trials: s.trials,
    passedTrials: s.passedTrials,
    passRate: s.passRate,
    meanScore: s.meanScore,
    scoreSE: s.scoreSE,
    tokens: { ...s.tokens },
    cost: { ...s.cost },
    latencyMs: { ...s.latencyMs },
    ttftMs: { ...s.ttftMs },
    errors,
    judge: { ...s.judge },
    sources: { ...s.sources },
  };
}

// JSON has no Infinity: an effect too large to detect is null.
function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

function jsonCase(s: SuiteComparison, ch: CaseChange, info: CaseInfo | undefined): JsonCase {
  return {
    suite: s.suite,
    model: s.model,
    id: ch.id,
    status: ch.status,
    delta: ch.delta,
    passRate: ch.passRate ?? null,
    location: info ? { file: info.file, line: info.line } : null,
    baseline: ch.baseline ? caseSide(ch.baseline) : null,
    candidate: ch.candidate ? caseSide(ch.candidate) : null,
  };
}

function caseSide(r: CaseRecord): JsonCaseSide {
  return {
    meanScore: caseMean(r),
    trials: r.scores.length,
    passes: r.passes,
    scores: [...r.scores],
    errors: { ...r.errors },
    errorMessage: r.errorMessage ?? null,
    scorers: r.scorers.map((x: ScorerRecord) => ({
      name: x.name,
      type: x.type,
      value: x.value,
      passes: x.passes,
      reason: x.reason,
      error: x.error ?? null,
    })),
    tokens: { ...r.tokens },
    cost: r.cost,
    latencyMs: r.latencyMs,
  };
}
