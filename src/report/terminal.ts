import type { ChalkInstance } from "chalk";
import type { SuiteSummary } from "../run/aggregate.js";
import type { TrialResult } from "../run/types.js";
import { clip } from "../scorer/values.js";
import { tally } from "../util/stats.js";

export interface FailureList {
  shown: TrialResult[];
  total: number;
}

/** The first `limit` failed trials of a run (streamed), and how many there were in all. */
export async function collectFailures(
  results: AsyncIterable<TrialResult>,
  limit: number,
): Promise<FailureList> {
  const shown: TrialResult[] = [];
  let total = 0;
  for await (const r of results) {
    if (r.pass) continue;
    total++;
    if (shown.length < limit) shown.push(r);
  }
  return { shown, total };
}

export function fmtUsd(x: number | null | undefined): string {
  if (x === null || x === undefined) return "unknown";
  if (x === 0) return "$0";
  return x < 0.01 ? `$${x.toPrecision(2)}` : `$${x.toFixed(x < 1 ? 4 : 2)}`;
}

export function fmtMs(x: number | null): string {
  if (x === null) return "-";
  return x >= 1000 ? `${(x / 1000).toFixed(2)}s` : `${Math.round(x)}ms`;
}

export function fmtPct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/**
 * Share of a suite's prompt tokens read from the prompt cache; undefined when the endpoint did not
 * report cached tokens (or the run predates them), so "no data" never reads as "0% hits".
 */
export function cacheHitRatio(s: Pick<SuiteSummary, "tokens">): number | undefined {
  const cached = s.tokens.cached;
  if (cached === undefined || s.tokens.prompt === 0) return undefined;
  return cached / s.tokens.prompt;
}

/** Rows of the per suite x model table. */
export function summaryRows(suites: SuiteSummary[], c: ChalkInstance): string[][] {
  return suites.map((s) => {
    const errors = Object.entries(s.errors)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    const cost =
      s.cost.unknownTrials === s.trials - tally(s.errors) ? "unknown" : fmtUsd(s.cost.total);
    const rate =
      s.passRate === 1
        ? c.green(fmtPct(s.passRate))
        : s.passRate < 0.5
          ? c.red(fmtPct(s.passRate))
          : c.yellow(fmtPct(s.passRate));
    return [
      s.suite,
      s.model,
      `${s.cases}/${s.trials}`,
      rate,
      `${s.meanScore.toFixed(3)} ± ${s.scoreSE.toFixed(3)}`,
      cost +
        (s.cost.unknownTrials > 0 && cost !== "unknown"
          ? c.dim(` (+${s.cost.unknownTrials} unpriced)`)
          : "") +
        (cacheHitRatio(s) !== undefined ? c.dim(` (cache ${fmtPct(cacheHitRatio(s) ?? 0)})`) : ""),
      `${s.tokens.prompt + s.tokens.completion}`,
      `${fmtMs(s.latencyMs.p50)} / ${fmtMs(s.latencyMs.p95)}`,
      fmtMs(s.ttftMs.p50),
      errors ? c.red(errors) : "0",
    ];
  });
}

export const SUMMARY_HEAD = [
  "suite",
  "model",
  "cases/trials",
  "pass rate",
  "mean score ± SE",
  "cost",
  "tokens",
  "latency p50 / p95",
  "TTFT p50",
  "errors",
];

/** Summary columns left out, first first, when the terminal is too narrow for all of them. */
export const SUMMARY_DROP = ["TTFT p50", "tokens", "latency p50 / p95", "mean score ± SE"];

/** The failed trials, each with its failing scorers' reasons. */
export function failureLines(f: FailureList, c: ChalkInstance): string[] {
  if (f.total === 0) return [];
  const lines = [c.bold(`Failed (${f.total}):`)];
  // Trials that failed with the same error (a wrong key, a server down) are one line, not N.
  const same = new Map<string, (typeof f.shown)[number][]>();
  for (const r of f.shown) {
    if (!r.error) continue;
    const k = [r.suite, r.model, r.error.class, r.error.message].join("\u0000");
    same.set(k, [...(same.get(k) ?? []), r]);
  }
  for (const r of f.shown) {
    const where = `${r.suite}/${r.case}${r.trial > 0 ? ` #${r.trial + 1}` : ""} [${r.model}]`;
    if (r.error) {
      const k = [r.suite, r.model, r.error.class, r.error.message].join("\u0000");
      const group = same.get(k) ?? [];
      if (group[0] !== r) continue;
      const at =
        group.length === 1
          ? where
          : `${r.suite} [${r.model}], ${group.length} trials (${clip(group.map((g) => `${g.case}${g.trial > 0 ? ` #${g.trial + 1}` : ""}`).join(", "), 60)})`;
      lines.push(`  ${c.red("x")} ${at}: ${c.red(r.error.class)}: ${clip(r.error.message, 120)}`);
      continue;
    }
    const failing = r.scores.filter((s) => !s.pass);
    lines.push(`  ${c.red("x")} ${where}`);
    for (const s of failing)
      lines.push(`      ${s.name}: ${clip(s.reason, 140)}${s.error ? c.red(` (${s.error})`) : ""}`);
  }
  if (f.total > f.shown.length)
    lines.push(
      c.dim(`  ... and ${f.total - f.shown.length} more (see results.jsonl in the run folder)`),
    );
  return lines;
}

export const COMPARISON_HEAD = [
  "suite",
  "model",
  "pass rate",
  "mean score",
  "change [one-sided bound]",
  "cases: reg/imp/flaky/new/err",
  "verdict",
];

/** Rows of the baseline comparison table. */
export function comparisonRows(
  c: import("../compare/compare.js").Comparison,
  ch: ChalkInstance,
): string[][] {
  return c.suites.map((s) => {
    const b = s.baseline;
    const t = s.test;
    const verdict =
      s.verdict === "fail"
        ? ch.red("FAIL")
        : s.verdict === "inconclusive"
          ? ch.yellow("INCONCLUSIVE")
          : ch.green(s.isNew ? "NEW" : "PASS");
    return [
      s.suite,
      s.baselineModel ? `${s.baselineModel} -> ${s.model}` : s.model,
      b ? `${fmtPct(b.passRate)} -> ${fmtPct(s.candidate.passRate)}` : fmtPct(s.candidate.passRate),
      b
        ? `${b.meanScore.toFixed(3)} -> ${s.candidate.meanScore.toFixed(3)}`
        : s.candidate.meanScore.toFixed(3),
      t
        ? `${t.meanDiff >= 0 ? "+" : ""}${(t.meanDiff * 100).toFixed(1)} pts [drop <= ${(t.dropUpper * 100).toFixed(1)} pts]`
        : "-",
      `${s.counts.regressed}/${s.counts.improved}/${s.counts.flaky}/${s.counts.new}/${s.counts.errored}`,
      verdict,
    ];
  });
}

export const SCORER_HEAD = ["suite", "model", "scorer", "pass rate"];

/**
 * Rows of the per-scorer table: each scorer's pass rate, baseline -> candidate, for the suites
 * with more than one scorer (with one, the suite's own pass rate says it). `arrow` joins the sides.
 */
export function scorerRows(
  c: import("../compare/compare.js").Comparison,
  arrow = "->",
): string[][] {
  return c.suites
    .filter((s) => (s.scorers?.length ?? 0) > 1)
    .flatMap((s) =>
      s.scorers!.map((x) => [
        s.suite,
        s.baselineModel ? `${s.baselineModel} ${arrow} ${s.model}` : s.model,
        `${x.name} (${x.type})`,
        x.baseline
          ? `${fmtPct(x.baseline.passRate)} ${arrow} ${fmtPct(x.candidate.passRate)}`
          : fmtPct(x.candidate.passRate),
      ]),
    );
}
