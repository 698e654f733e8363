/**
 * The markdown report: one sticky PR comment and the job summary. Pure: ReportInput in, markdown
 * out, never longer than a GitHub comment holds.
 */

import type { Comparison } from "../compare/compare.js";
import { casesWithStatus, renderRegression } from "./markdown-cases.js";
import {
  link,
  renderDrift,
  renderFooter,
  renderPromptDiffs,
  renderPromptVersions,
  renderUsage,
} from "./markdown-context.js";
import {
  REPORT_MARKER,
  renderComparisonTable,
  renderReasons,
  renderScorerTable,
  renderSummaryTable,
  renderTitle,
} from "./markdown-head.js";
import {
  type ListSection,
  renderErrors,
  renderFlaky,
  renderImproved,
  renderNewRemoved,
} from "./markdown-lists.js";
import { renderModelChoices } from "./models.js";
import { renderRounds } from "./rounds.js";
import { renderRouting } from "./routing.js";
import type { ReportInput } from "./types.js";

/** Longest report by default: a GitHub comment holds 65,536 characters. */
export const COMMENT_MAX_CHARS = 65_000;

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Longest report; sections are dropped, least important first, to stay within it. */
  maxChars?: number;
}

/** Optional sections, in the order they are dropped when the report is too long. */
const DROP_ORDER = ["diffs", "improved", "newRemoved", "flaky", "errors"] as const;
type OptionalKey = (typeof DROP_ORDER)[number];

const DROPPED_NAMES: Record<OptionalKey, string> = {
  diffs: "prompt diffs",
  improved: "improved",
  newRemoved: "new and removed",
  flaky: "flaky",
  errors: "errored",
};

/** What a report is made of before it is fitted into its size. */
interface ReportPlan {
  head: string[];
  /** Rendered only as far as they fit: a run can regress thousands of cases. */
  regressions: (() => string)[];
  optional: Partial<Record<OptionalKey, ListSection>>;
  tail: { prompts: string; drift: string | null; usage: string; footer: string };
}

/**
 * Render the report: verdict, per suite table, regressions (worst first, each collapsible with its
 * inputs, outputs and scorer reasons), other case changes, prompts, drift, usage, decision rule.
 * Everything users or models wrote is escaped. When the report would exceed `maxChars`, the least
 * important parts are dropped and a line says how many cases were left out and where the full
 * report is.
 */
export function renderMarkdown(input: ReportInput, opts: MarkdownOptions = {}): string {
  const max = opts.maxChars ?? COMMENT_MAX_CHARS;
  const c = input.comparison;
  if (!c) {
    // Nothing was decided: the figures of what ran, and how to run it again.
    const head = [renderTitle(input), renderSummaryTable(input.summary.suites)];
    return finish([...head, renderFooter(input.reproduce, false)], head, max, input);
  }
  return fitPlan(planReport(input, c), max, input);
}

function planReport(input: ReportInput, c: Comparison): ReportPlan {
  const reasons = renderReasons(c);
  const regressions = casesWithStatus(c.suites, "regressed").map(
    (sc) => () => renderRegression(sc, input.cases[sc.suite.suite]?.[sc.change.id]),
  );
  const diffs = renderPromptDiffs(input.promptDiffs);
  const optional: ReportPlan["optional"] = {};
  const sections = {
    improved: renderImproved(c.suites),
    flaky: renderFlaky(c.suites),
    newRemoved: renderNewRemoved(c.suites),
    errors: renderErrors(input.summary, c.suites),
    diffs: diffs ? { text: diffs, cases: 0 } : null,
  };
  for (const key of DROP_ORDER) if (sections[key]) optional[key] = sections[key];
  return {
    head: [
      renderTitle(input),
      renderComparisonTable(c),
      ...(reasons ? [reasons] : []),
      ...[
        renderScorerTable(c),
        renderModelChoices(c),
        renderRouting(c.routing),
        renderRounds(c),
      ].filter((t): t is string => t !== null),
    ],
    regressions,
    optional,
    tail: {
      prompts: renderPromptVersions(c.suites),
      drift: renderDrift(c.suites),
      usage: renderUsage(input.summary, input.baseline),
      footer: renderFooter(input.reproduce, true),
    },
  };
}

/** Keep the head and tail, then as many regressions (worst first) and sections as fit. */
function fitPlan(plan: ReportPlan, max: number, input: ReportInput): string {
  const tail = [plan.tail.prompts, plan.tail.drift, plan.tail.usage, plan.tail.footer];
  const fixed = [...plan.head, ...tail].filter((t): t is string => t !== null);
  const { regressions, kept } = choose(plan, max - sizeOf(fixed) - noticeReserve(input.fullReport));
  const section = (key: OptionalKey) => (kept.has(key) ? (plan.optional[key]?.text ?? null) : null);
  const parts = [
    ...plan.head,
    cutNotice(plan, regressions.length, kept, input.fullReport),
    regressionSection(plan.regressions.length, regressions),
    section("improved"),
    section("flaky"),
    section("newRemoved"),
    section("errors"),
    plan.tail.prompts,
    section("diffs"),
    plan.tail.drift,
    plan.tail.usage,
    plan.tail.footer,
  ];
  return finish(parts, plan.head, max, input);
}

/** The regressions (a prefix, worst first) and optional sections that fit in `budget`. */
function choose(
  plan: ReportPlan,
  budget: number,
): { regressions: string[]; kept: Set<OptionalKey> } {
  // The regressions heading is not in the budget yet.
  let left = budget - 100;
  const regressions: string[] = [];
  for (const render of plan.regressions) {
    const r = render();
    if (r.length + 2 > left) break;
    regressions.push(r);
    left -= r.length + 2;
  }
  const kept = new Set<OptionalKey>();
  for (const key of [...DROP_ORDER].reverse()) {
    const size = (plan.optional[key]?.text.length ?? Number.POSITIVE_INFINITY) + 2;
    if (size > left) continue;
    kept.add(key);
    left -= size;
  }
  return { regressions, kept };
}

function regressionSection(total: number, shown: string[]): string | null {
  if (!total) return null;
  const cut =
    shown.length === total
      ? ""
      : shown.length
        ? `; the worst ${shown.length} shown`
        : "; none shown";
  return [`### ❌ Regressions (${total}${cut})`, ...shown].join("\n\n");
}

/** The line that says what was cut and where the full report is; null when nothing was cut. */
function cutNotice(
  plan: ReportPlan,
  shownRegressions: number,
  kept: Set<OptionalKey>,
  fullReport: string,
): string | null {
  const dropped = [...DROP_ORDER].reverse().filter((key) => plan.optional[key] && !kept.has(key));
  const regressions = plan.regressions.length - shownRegressions;
  if (!regressions && !dropped.length) return null;
  const left = [
    ...(regressions ? [`${regressions} regressed`] : []),
    ...dropped
      .filter((k) => k !== "diffs")
      .map((k) => `${plan.optional[k]!.cases} ${DROPPED_NAMES[k]}`),
  ];
  const cases = regressions + dropped.reduce((n, k) => n + plan.optional[k]!.cases, 0);
  const what = left.length
    ? `${cases} case${cases === 1 ? "" : "s"} left out (${left.join(", ")})`
    : "";
  const diffs = dropped.includes("diffs") ? `${what ? ", and " : ""}the prompt diffs left out` : "";
  return `> ✂️ **This report was cut to fit a comment**: ${what}${diffs}. The full report: ${link("full report", fullReport)}`;
}

function noticeReserve(fullReport: string): number {
  return 300 + link("full report", fullReport).length;
}

/** Join the parts; a report still too long keeps its head (then only its verdict) and a notice. */
function finish(parts: (string | null)[], head: string[], max: number, input: ReportInput): string {
  const text = join(parts);
  if (text.length <= max) return text;
  const notice = (what: string) =>
    `> ✂️ **This report was cut to fit a comment**: ${what}. The full report: ${link("full report", input.fullReport)}`;
  // Without the footer there is no decision-rule footnote to refer to.
  const title = renderTitle(input, { footnote: false });
  const tables = join([
    title,
    ...head.slice(1),
    notice("only the verdict and the tables are shown"),
  ]);
  if (tables.length <= max) return tables;
  for (let limit = max; limit > 0; limit = Math.floor(limit / 2)) {
    const verdict = join([
      renderTitle(input, { maxLine: limit, footnote: false }),
      notice("only the verdict is shown"),
    ]);
    if (verdict.length <= max) return verdict;
  }
  return `${REPORT_MARKER}\n`.slice(0, max);
}

function join(parts: (string | null)[]): string {
  return `${parts.filter((p): p is string => p !== null && p !== "").join("\n\n")}\n`;
}

function sizeOf(parts: string[]): number {
  return parts.reduce((n, p) => n + p.length + 2, 0);
}
