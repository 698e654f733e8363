import type { z } from "zod";
import { GATE_DEFAULTS, type GateConfig } from "../config/schema/gate.js";
import type { Baseline } from "./baseline.js";
import { type CaseChange, classifyCase } from "./classify.js";
import { groupGap } from "./group-gap.js";
import { simulatedMde, toDecide } from "./power.js";
import {
  caseMean,
  errorCount,
  type ModelRecord,
  type RecordStats,
  recordStats,
  scorerPassRates,
} from "./records.js";
import type {
  comparisonSchema,
  gateCheckSchema,
  scorerSummarySchema,
  suiteComparisonSchema,
  verdictSchema,
} from "./schema.js";
import { binomialCdf, type Decision, decide, holm, pairedDropTest } from "./stats.js";

/**
 * Fewest failed calls that can fail the error-rate gate: one transient failure that outlived the
 * retries is not a trend, whatever share of a small suite it is.
 */
export const MIN_FAILED_CALLS = 2;

export type GateStatus = GateCheck["status"];
export type GateCheck = z.infer<typeof gateCheckSchema>;

export type Verdict = z.infer<typeof verdictSchema>;

/** One suite on one model against its baseline (comparison.json, per suite). */
export type SuiteComparison = z.infer<typeof suiteComparisonSchema>;

/** A scorer's pass rate, baseline -> candidate. */
export type ScorerSummary = z.infer<typeof scorerSummarySchema>;

/** comparison.json: a run compared with its baselines. */
export type Comparison = z.infer<typeof comparisonSchema>;

export interface CompareInput {
  candidate: Map<string, Map<string, ModelRecord>>;
  baselines: Map<string, Baseline | undefined>;
  gates: Map<string, GateConfig>;
  /** A filtered or sharded run: cases it did not run are not "removed". */
  partial: boolean;
  /** Per suite with a `groupBy`, each case's group: the fairness gate (`maxGroupGap`). */
  groups?: Map<string, Map<string, string>>;
}

/** Compare a run with its baselines and decide every gate (pure). */
export function compareRuns(input: CompareInput): Comparison {
  const drafts: SuiteComparison[] = [];
  for (const [suite, models] of [...input.candidate].sort(([a], [b]) => a.localeCompare(b))) {
    const baseline = input.baselines.get(suite);
    const gate = input.gates.get(suite) ?? {};
    const pairs = pairModels([...models.keys()], Object.keys(baseline?.models ?? {}));
    for (const [model, baseModel] of pairs) {
      drafts.push(
        compareOne(
          suite,
          model,
          models.get(model)!,
          baseModel ? { name: baseModel, record: baseline!.models[baseModel]! } : undefined,
          gate,
          input.partial,
        ),
      );
      const groups = input.groups?.get(suite);
      if (gate.maxGroupGap !== undefined && groups)
        drafts.at(-1)!.checks.push(groupGapCheck(models.get(model)!, groups, gate));
    }
  }
  // Holm across the quality tests of this run, then each suite's own alpha.
  const tested = drafts.filter((d) => d.test);
  const adjusted = holm(tested.map((d) => d.test!.pValue));
  for (const [i, d] of tested.entries()) finishQuality(d, adjusted[i]!);
  for (const d of drafts) d.verdict = verdictOf(d.checks, d.decision);
  return { schemaVersion: 1, verdict: runVerdict(drafts), suites: drafts };
}

/**
 * Which baseline model each candidate model is compared with: the same name; or, when a one-model
 * suite switched models, the old model (the change under review is the model).
 */
export function pairModels(
  candidate: string[],
  baseline: string[],
): [string, string | undefined][] {
  if (candidate.length === 1 && baseline.length === 1 && candidate[0] !== baseline[0])
    return [[candidate[0]!, baseline[0]]];
  return candidate.sort().map((m) => [m, baseline.includes(m) ? m : undefined]);
}

function compareOne(
  suite: string,
  model: string,
  cand: ModelRecord,
  base: { name: string; record: ModelRecord } | undefined,
  gate: GateConfig,
  partial: boolean,
): SuiteComparison {
  const margin = gate.margin ?? GATE_DEFAULTS.margin;
  const alpha = gate.alpha ?? GATE_DEFAULTS.alpha;
  const baseCases = base?.record.cases ?? {};
  const ids = new Set([...Object.keys(cand.cases), ...(partial ? [] : Object.keys(baseCases))]);
  const changes = [...ids]
    .sort()
    .map((id) => classifyCase(id, base ? (baseCases[id] ?? null) : null, cand.cases[id] ?? null));
  const counts = {
    regressed: 0,
    improved: 0,
    unchanged: 0,
    flaky: 0,
    new: 0,
    removed: 0,
    errored: 0,
  };
  for (const c of changes) counts[c.status]++;
  const pairs = changes
    .filter(
      (c) =>
        c.baseline && c.candidate && errorCount(c.candidate) === 0 && errorCount(c.baseline) === 0,
    )
    .map((c) => ({ base: caseMean(c.baseline!), cand: caseMean(c.candidate!) }));
  const diffs = pairs.map((p) => p.cand - p.base);
  const candidate = recordStats(cand);
  // A filtered or sharded run is compared with the same cases of its baseline, not all of them.
  const baseRecord = base ? (partial ? onlyCases(base.record, cand) : base.record) : null;
  const baseline = baseRecord ? recordStats(baseRecord) : null;
  const test = base && diffs.length > 0 ? pairedDropTest(diffs, alpha) : null;
  return {
    suite,
    model,
    baselineModel: base && base.name !== model ? base.name : null,
    isNew: !base,
    promptVersions: { baseline: base?.record.promptVersion ?? null, candidate: cand.promptVersion },
    baseline,
    candidate,
    paired: diffs.length,
    test,
    pAdjusted: null,
    mde: test ? simulatedMde(pairs, cand.trials, { margin, alpha }) : null,
    toDecide: null,
    // With a baseline but nothing to pair (every case new, removed or errored) nothing is shown.
    decision: base ? (test ? "pass" : "inconclusive") : "new",
    gate: { margin, alpha },
    checks: [
      ...thresholdChecks(gate, candidate, baseline, failedCalls(cand)),
      ...budgetCheck(cand),
    ],
    verdict: "pass",
    changes,
    counts,
    drift: base ? driftOf(cand, base.record, changes) : [],
    scorers: scorerSummary(cand, baseRecord),
  };
}

/** Each candidate scorer's pass rate beside the baseline's on the cases compared. */
function scorerSummary(cand: ModelRecord, base: ModelRecord | null): ScorerSummary[] {
  const before: ReturnType<typeof scorerPassRates> = base ? scorerPassRates(base) : new Map();
  return [...scorerPassRates(cand)].map(([name, c]) => {
    const b = before.get(name);
    return {
      name,
      type: c.type,
      baseline: b?.trials ? { trials: b.trials, passRate: b.passRate } : null,
      candidate: { trials: c.trials, passRate: c.passRate },
    };
  });
}

/** `record` restricted to the cases `like` ran. */
function onlyCases(record: ModelRecord, like: ModelRecord): ModelRecord {
  const cases = Object.fromEntries(
    Object.entries(record.cases).filter(([id]) => Object.hasOwn(like.cases, id)),
  );
  return { ...record, cases };
}

function finishQuality(d: SuiteComparison, pAdjusted: number): void {
  const t = d.test!;
  d.pAdjusted = pAdjusted;
  d.decision = decide(t, d.gate.margin, d.gate.alpha, pAdjusted);
  if (d.decision === "inconclusive") {
    const k = d.candidate.cases ? d.candidate.trials / d.candidate.cases : 1;
    const perCall = d.candidate.costPerCase === null ? null : d.candidate.costPerCase / k;
    const zero = t.nonZero === 0 ? { alpha: d.gate.alpha } : undefined;
    d.toDecide = toDecide(d.mde, d.gate.margin, d.paired, Math.round(k), perCall, zero);
  }
  const bound = `drop ${points(t.drop)} (upper bound ${points(t.dropUpper)}, margin ${points(d.gate.margin)}), ${fmtP(pAdjusted)}`;
  const status: GateStatus = d.decision === "fail" ? "fail" : "pass";
  d.checks.unshift({ name: "quality", status, detail: `${d.decision}: ${bound}` });
}

/**
 * The fairness gate: the failure rate of scored trials per group, and whether the gap between the
 * worst and best group is above `maxGroupGap` and significant at the suite's alpha (two-sided,
 * Bonferroni over the pairs of groups). A gap is judged on the candidate alone, like
 * `minPassRate`: an unfair suite fails whether or not its baseline was unfair too.
 */
export function groupGapCheck(
  cand: ModelRecord,
  groups: ReadonlyMap<string, string>,
  gate: GateConfig,
): GateCheck {
  const max = gate.maxGroupGap ?? 1;
  const alpha = gate.alpha ?? GATE_DEFAULTS.alpha;
  const minSize = gate.minGroupSize ?? GATE_DEFAULTS.minGroupSize;
  const counts = new Map<string, { group: string; bad: number; n: number }>();
  for (const [id, c] of Object.entries(cand.cases)) {
    const group = groups.get(id);
    if (group === undefined) continue;
    const scored = c.scores.length - errorCount(c);
    const row = counts.get(group) ?? { group, bad: 0, n: 0 };
    row.bad += scored - c.passes;
    row.n += scored;
    counts.set(group, row);
  }
  const g = groupGap(counts.values(), minSize);
  if (!g)
    return {
      name: "groupGap",
      status: "skip",
      detail: `fewer than 2 groups with ${minSize} or more scored trials`,
    };
  const of = (name: string) => {
    const r = g.groups.find((x) => x.group === name)!;
    return `${name} ${pct(r.rate!)} (${r.count}/${r.n})`;
  };
  const fails = g.gap > max && g.pValue < alpha;
  const why = g.gap <= max ? "" : fails ? "" : ": not significant";
  return {
    name: "groupGap",
    status: fails ? "fail" : "pass",
    detail: `failure rate by group: worst ${of(g.worst)}, best ${of(g.best)}; gap ${pct(g.gap)} (allowed ${pct(max)}), ${fmtP(g.pValue)}${why}`,
  };
}

function verdictOf(checks: GateCheck[], decision: Decision | "new"): Verdict {
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "inconclusive")) return "inconclusive";
  return decision === "inconclusive" ? "inconclusive" : "pass";
}

function runVerdict(suites: readonly SuiteComparison[]): Verdict {
  return suites.some((d) => d.verdict === "fail")
    ? "fail"
    : suites.some((d) => d.verdict === "inconclusive")
      ? "inconclusive"
      : "pass";
}

/** Add a check decided outside compareRuns (routing) to a suite's model; verdicts follow it. */
export function addSuiteCheck(
  comparison: Comparison,
  suite: string,
  model: string,
  check: GateCheck,
): boolean {
  const d = comparison.suites.find((s) => s.suite === suite && s.model === model);
  if (!d) return false;
  d.checks.push(check);
  d.verdict = verdictOf(d.checks, d.decision);
  comparison.verdict = runVerdict(comparison.suites);
  return true;
}

/**
 * The token budget: any case over budget.inputTokens fails the suite, with or without a baseline.
 * Unlike an outage it is no matter of chance, so the error-rate test (which tolerates a few failed
 * calls) does not judge it. No check at all when no case was over budget.
 */
function budgetCheck(m: ModelRecord): GateCheck[] {
  const over = Object.values(m.cases).reduce((n, c) => n + (c.errors.over_budget ?? 0), 0);
  if (over === 0) return [];
  const detail = `${over} trial${over === 1 ? " was" : "s were"} over budget.inputTokens and not sent`;
  return [{ name: "budget", status: "fail", detail }];
}

function failedCalls(m: ModelRecord): number {
  return Object.values(m.cases).reduce((n, c) => n + errorCount(c), 0);
}

/**
 * minPassRate over the trials that were scored: a failed call says nothing about quality (the
 * error-rate gate judges it), so an outage cannot fail this gate.
 */
function passRateCheck(min: number, cand: RecordStats, failed: number): GateCheck {
  const scored = cand.trials - failed;
  // cand.passRate is rounded to 6 significant digits: compare with that much tolerance.
  const rate = scored > 0 ? (cand.passRate * cand.trials) / scored : 0;
  const detail =
    failed > 0
      ? `pass rate ${pct(rate)} of ${scored} scored trials (minimum ${pct(min)}); ${failed} failed call${failed === 1 ? " is" : "s are"} gated as errors`
      : `pass rate ${pct(rate)} (minimum ${pct(min)})`;
  return { name: "minPassRate", status: rate >= min - 1e-6 ? "pass" : "fail", detail };
}

function thresholdChecks(
  gate: GateConfig,
  cand: RecordStats,
  base: RecordStats | null,
  failed: number,
): GateCheck[] {
  const checks: GateCheck[] = [];
  if (gate.minPassRate !== undefined) checks.push(passRateCheck(gate.minPassRate, cand, failed));
  if (!base) return checks;
  if (gate.maxCostIncrease !== undefined)
    checks.push(
      rise("cost", "cost per case", base.costPerCase, cand.costPerCase, gate.maxCostIncrease),
    );
  if (gate.maxLatencyIncrease !== undefined)
    checks.push(
      rise("latency", "p95 latency", base.latencyP95, cand.latencyP95, gate.maxLatencyIncrease),
    );
  checks.push(
    errorCheck(
      failed,
      cand.trials,
      base.errorRate,
      gate.maxErrorIncrease ?? GATE_DEFAULTS.maxErrorIncrease,
      gate.alpha ?? GATE_DEFAULTS.alpha,
    ),
  );
  return checks;
}

/**
 * The error-rate gate, tested like quality rather than compared as a raw share: it fails only when
 * at least {@link MIN_FAILED_CALLS} calls failed and the candidate's error rate is significantly
 * above the allowed rate (the baseline's plus `maxErrorIncrease`), by a one-sided exact binomial
 * test at the suite's alpha. One 429 in 20 calls (5%) is not evidence of a 2% rise; 3 in 10 is.
 */
export function errorCheck(
  failed: number,
  trials: number,
  baseRate: number,
  maxRise: number,
  alpha: number,
): GateCheck {
  const allowed = Math.min(1, baseRate + maxRise);
  const rate = trials ? failed / trials : 0;
  // P(X >= failed) for X ~ Binomial(trials, allowed).
  const p = failed === 0 ? 1 : 1 - binomialCdf(failed - 1, trials, allowed);
  const fails = failed >= MIN_FAILED_CALLS && rate > allowed && p < alpha;
  const calls = `${failed} of ${trials} call${trials === 1 ? "" : "s"} failed`;
  const head = `error rate ${pct(baseRate)} -> ${pct(rate)} (${calls}; allowed rise ${pct(maxRise)})`;
  if (fails) return { name: "errors", status: "fail", detail: `${head}, ${fmtP(p)}` };
  const why =
    rate <= allowed
      ? ""
      : failed < MIN_FAILED_CALLS
        ? `: a single failed call is not a trend`
        : `: not significantly above ${pct(allowed)}, ${fmtP(p)}`;
  return { name: "errors", status: "pass", detail: `${head}${why}` };
}

function rise(
  name: "cost" | "latency",
  label: string,
  before: number | null,
  after: number | null,
  max: number,
): GateCheck {
  if (before === null || after === null || before === 0)
    return { name, status: "skip", detail: `${label} unknown on one side` };
  const change = (after - before) / before;
  return {
    name,
    status: change > max ? "fail" : "pass",
    detail: `${label} ${change >= 0 ? "+" : ""}${pct(change)} (allowed +${pct(max)})`,
  };
}

function driftOf(cand: ModelRecord, base: ModelRecord, changes: CaseChange[]): string[] {
  const drift: string[] = [];
  if (cand.trials !== base.trials)
    drift.push(`trials per case changed: ${base.trials} -> ${cand.trials}`);
  const rows = changes
    .filter((c) => c.baseline && c.candidate && c.baseline.caseDigest !== c.candidate.caseDigest)
    .map((c) => c.id);
  if (rows.length)
    drift.push(
      `inputs changed for ${rows.length} case${rows.length === 1 ? "" : "s"}: ${list(rows)}`,
    );
  const judgeOf = (r: ModelRecord) => {
    const m = new Map<string, string>();
    for (const c of Object.values(r.cases))
      for (const j of c.judges) m.set(j.scorer, `${j.model}@${j.promptDigest}`);
    return m;
  };
  const bj = judgeOf(base);
  for (const [scorer, id] of judgeOf(cand)) {
    const before = bj.get(scorer);
    if (!before || before === id) continue;
    const [bm, bp] = before.split("@");
    const [cm, cp] = id.split("@");
    drift.push(
      bm !== cm
        ? `judge model of ${scorer} changed: ${bm} -> ${cm}`
        : `judge prompt of ${scorer} changed (${bp} -> ${cp})`,
    );
  }
  return drift;
}

function list(ids: string[]): string {
  return ids.slice(0, 5).join(", ") + (ids.length > 5 ? ` and ${ids.length - 5} more` : "");
}

/** A difference of scores (0..1) in points: 0.05 is "5.0 pts"; rates are in % ({@link pct}). */
export function points(x: number): string {
  return `${(x * 100).toFixed(1)} pts`;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A p-value as an equation: "p = 0.038", or "p < 0.001". */
export function fmtP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}
