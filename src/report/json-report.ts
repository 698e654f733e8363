/**
 * The machine-readable report (report.json): a stable, versioned shape documented in
 * docs/report-json.md. Additive changes keep `schemaVersion`; a breaking change bumps it.
 */
import type { CaseChange } from "../compare/classify.js";
import type { SuiteComparison } from "../compare/compare.js";
import {
  type CaseRecord,
  caseMean,
  type RecordStats,
  type ScorerRecord,
} from "../compare/records.js";
import type { PairedTest } from "../compare/stats.js";
import type { SuiteSummary } from "../run/aggregate.js";
import type { RunSummary } from "../run/types.js";
import type {
  JsonCase,
  JsonCaseSide,
  JsonFigures,
  JsonReport,
  JsonRun,
  JsonStats,
  JsonSuiteComparison,
  JsonTest,
} from "./json-report-schema.js";
import type { CaseInfo, ReportInput } from "./types.js";
import { headline, suiteReason } from "./verdict.js";

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
    ...(c?.modelChoices ? { modelChoices: c.modelChoices } : {}),
    ...(c?.routing ? { routing: c.routing } : {}),
    ...(c?.rounds ? { rounds: c.rounds } : {}),
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
    toDecide: s.toDecide ? { ...s.toDecide } : null,
    gate: { margin: s.gate.margin, alpha: s.gate.alpha },
    checks: s.checks.map((k) => ({ name: k.name, status: k.status, detail: k.detail })),
    counts: { ...s.counts },
    drift: [...s.drift],
    scorers: (s.scorers ?? []).map((x) => ({
      name: x.name,
      type: x.type,
      baseline: x.baseline ? { ...x.baseline } : null,
      candidate: { ...x.candidate },
    })),
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
    judge: { ...s.judge, parseErrors: s.judge.parseErrors ?? 0 },
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
