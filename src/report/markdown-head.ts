/** The top of the markdown report: marker, title, verdict line, the suite tables and why. */

import type { CaseStatus } from "../compare/classify.js";
import { type Comparison, fmtP, type SuiteComparison, type Verdict } from "../compare/compare.js";
import type { SuiteSummary } from "../run/aggregate.js";
import { tally } from "../util/stats.js";
import { clipText, escapeInline } from "./escape.js";
import { fmtMs, fmtPct, fmtUsd, SCORER_HEAD, scorerRows } from "./terminal.js";
import type { ReportInput } from "./types.js";
import { type HeadlineTone, headline, suiteLabel, suiteReason } from "./verdict.js";

/** The first line of every llmops report: the GitHub integration finds its sticky comment by it. */
export const REPORT_MARKER = "<!-- llmops-report -->";

const ICONS: Record<Verdict, string> = { pass: "✅", fail: "❌", inconclusive: "⚠️" };
const HEADLINE_ICONS: Record<HeadlineTone, string> = {
  ...ICONS,
  error: "❌",
  "not-compared": "⏹️",
};

/** Options of {@link renderTitle}. */
export interface TitleOptions {
  /** Cut the verdict line to this many characters (before escaping). */
  maxLine?: number;
  /** Refer to the decision rule footnote (default: when compared). */
  footnote?: boolean;
}

/** Marker, title and the one bold verdict line (with a footnote to the decision rule). */
export function renderTitle(
  input: Pick<ReportInput, "summary" | "comparison" | "decision">,
  opts: TitleOptions = {},
): string {
  const h = headline(input.summary, input.comparison, input.decision);
  const line = `${HEADLINE_ICONS[h.tone]} ${h.text}`;
  const rule = (opts.footnote ?? input.comparison !== null) ? "[^rule]" : "";
  return `${REPORT_MARKER}\n## llmops eval\n\n**${escapeInline(clipText(line, opts.maxLine ?? line.length))}**${rule}`;
}

/** One row per suite and model with the figures that decided its verdict. */
export function renderComparisonTable(c: Comparison): string {
  const head =
    "| suite | model | pass rate | mean score | change (one-sided bound), p | cost / case | p95 latency | cases | verdict |";
  const rows = c.suites.map((s) => `| ${comparisonRow(s).map(escapeCell).join(" | ")} |`);
  return [head, "|---|---|---|---|---|---|---|---|---|", ...rows].join("\n");
}

function comparisonRow(s: SuiteComparison): string[] {
  const b = s.baseline;
  const c = s.candidate;
  const both = (f: (x: NonNullable<typeof b>) => string) => (b ? `${f(b)} → ${f(c)}` : f(c));
  return [
    s.suite,
    s.baselineModel ? `${s.baselineModel} -> ${s.model}` : s.model,
    both((x) => fmtPct(x.passRate)),
    both((x) => x.meanScore.toFixed(3)),
    s.isNew ? "new" : changeCell(s),
    both((x) => fmtUsd(x.costPerCase)),
    both((x) => fmtMs(x.latencyP95)),
    countsCell(s.counts),
    verdictCell(s),
  ];
}

function changeCell(s: SuiteComparison): string {
  const t = s.test;
  if (!t) return "nothing paired";
  const p = s.pAdjusted ?? t.pValue;
  return `${fmtPoints(t.meanDiff)} (drop ≤ ${(t.dropUpper * 100).toFixed(1)} pts), ${fmtP(p)}`;
}

/** A score difference in points of mean score, signed. */
export function fmtPoints(diff: number): string {
  const pts = diff * 100;
  return `${pts > 0 ? "+" : pts < 0 ? "-" : "±"}${Math.abs(pts).toFixed(1)} pts`;
}

const COUNT_ORDER: CaseStatus[] = ["regressed", "errored", "flaky", "improved", "new", "removed"];

function countsCell(counts: Record<CaseStatus, number>): string {
  const parts = COUNT_ORDER.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length ? parts.join(", ") : "no change";
}

function verdictCell(s: SuiteComparison): string {
  if (s.verdict !== "pass") return `${ICONS[s.verdict]} ${s.verdict.toUpperCase()}`;
  if (s.isNew) return "🆕 NEW";
  return s.decision === "pass-small-regression" ? "✅ PASS (small drop)" : "✅ PASS";
}

/** Pass rate per scorer, baseline → candidate; null when no suite has more than one scorer. */
export function renderScorerTable(c: Comparison): string | null {
  const rows = scorerRows(c, "→");
  if (!rows.length) return null;
  return [
    "#### Pass rate by scorer",
    "",
    `| ${SCORER_HEAD.join(" | ")} |`,
    `|${SCORER_HEAD.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(" | ")} |`),
  ].join("\n");
}

/** Under the table: why each suite that did not simply pass is where it is. */
export function renderReasons(c: Comparison): string {
  const lines: string[] = [];
  for (const s of c.suites) {
    const label = `**${escapeInline(suiteLabel(s))}**`;
    const failing = s.checks.filter((k) => k.status === "fail");
    if (failing.length) {
      lines.push(`- ❌ ${label}: ${failing.length} gate${failing.length === 1 ? "" : "s"} failed`);
      for (const k of failing) lines.push(`  - ${k.name}: ${escapeInline(k.detail)}`);
    } else if (s.verdict === "inconclusive" || s.decision === "pass-small-regression") {
      lines.push(
        `- ${s.verdict === "inconclusive" ? "⚠️" : "ℹ️"} ${label}: ${escapeInline(suiteReason(s))}`,
      );
    }
  }
  return lines.join("\n");
}

/** The run's own figures per suite and model, for a run that was not compared. */
export function renderSummaryTable(suites: SuiteSummary[]): string {
  const head =
    "| suite | model | cases / trials | pass rate | mean score | cost / case | p95 latency | errors |";
  const rows = suites.map((s) => {
    const errors = tally(s.errors);
    const cells = [
      s.suite,
      s.model,
      `${s.cases} / ${s.trials}`,
      fmtPct(s.passRate),
      s.meanScore.toFixed(3),
      fmtUsd(s.cost.perCase),
      fmtMs(s.latencyMs.p95),
      String(errors),
    ];
    return `| ${cells.map(escapeCell).join(" | ")} |`;
  });
  return [head, "|---|---|---|---|---|---|---|---|", ...rows].join("\n");
}

function escapeCell(text: string): string {
  return escapeInline(text) || " ";
}
