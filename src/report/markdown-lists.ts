/** Compact case lists of the markdown report: improved, flaky, new and removed, errors. */
import type { CaseChange } from "../compare/classify.js";
import type { SuiteComparison } from "../compare/compare.js";
import { caseMean } from "../compare/records.js";
import type { RunSummary } from "../run/types.js";
import { clipText, escapeInline } from "./escape.js";
import { caseCode, casesWithStatus } from "./markdown-cases.js";
import { fmtPct } from "./terminal.js";
import { suiteLabel } from "./verdict.js";

/** Most cases listed in one list; the rest are counted. */
const LIST_LIMIT = 50;
/** Lists longer than this are collapsed. */
const OPEN_LIMIT = 10;

/** A rendered section and how many cases it shows (counted as left out when it is cut). */
export interface ListSection {
  text: string;
  cases: number;
}

/** Cases that scored higher than the baseline. */
export function renderImproved(suites: SuiteComparison[]): ListSection | null {
  const found = casesWithStatus(suites, "improved").sort(
    (a, b) => (b.change.delta ?? 0) - (a.change.delta ?? 0),
  );
  const lines = found.map(
    ({ suite, change }) => `- ${caseCode(change.id)} · ${label(suite)} · score ${scores(change)}`,
  );
  return section(`### ✅ Improved (${found.length})`, lines, "cases improved");
}

/** Cases that passed some trials and failed others, with the Wilson interval of the pass rate. */
export function renderFlaky(suites: SuiteComparison[]): ListSection | null {
  const found = casesWithStatus(suites, "flaky");
  const lines = found.map(({ suite, change }) => {
    const c = change.candidate!;
    const r = change.passRate;
    const ci = r ? ` (${fmtPct(r.rate)}, 95% CI ${fmtPct(r.low)} to ${fmtPct(r.high)})` : "";
    return `- ${caseCode(change.id)} · ${label(suite)} · passed ${c.passes}/${c.scores.length}${ci} · score ${scores(change)}`;
  });
  return section(`### 🎲 Flaky (${found.length})`, lines, "flaky cases");
}

/** New and removed case ids per suite, as comma lists. */
export function renderNewRemoved(suites: SuiteComparison[]): ListSection | null {
  const lines: string[] = [];
  let cases = 0;
  for (const s of suites) {
    const parts = (["new", "removed"] as const).flatMap((status) => {
      const ids = s.changes.filter((c) => c.status === status).map((c) => c.id);
      cases += ids.length;
      return ids.length ? [`${status} (${ids.length}): ${idList(ids)}`] : [];
    });
    if (parts.length) lines.push(`- ${label(s)}: ${parts.join("; ")}`);
    lines.push(...failingNew(s));
  }
  return lines.length
    ? { text: ["### New and removed cases", lines.join("\n")].join("\n\n"), cases }
    : null;
}

/**
 * Failed calls: counts by error class per suite, then every errored case with how many of its
 * trials failed, the class and the message, so a reviewer sees which calls failed and why.
 */
export function renderErrors(summary: RunSummary, suites: SuiteComparison[]): ListSection | null {
  const errored = casesWithStatus(suites, "errored");
  const lines = summary.suites.flatMap((s) => {
    const counts = Object.entries(s.errors).filter(([, n]) => (n ?? 0) > 0);
    if (!counts.length) return [];
    const text = counts.map(([cls, n]) => `${cls} ${n} trial${n === 1 ? "" : "s"}`).join(", ");
    return [`- **${escapeInline(`${s.suite} [${s.model}]`)}**: ${escapeInline(text)}`];
  });
  const shown = errored.slice(0, LIST_LIMIT).map(({ suite, change }) => {
    const c = change.candidate!;
    const classes = Object.entries(c.errors)
      .sort(([, a], [, b]) => b - a)
      .map(([cls, n]) => `${cls}${n > 1 ? ` ×${n}` : ""}`)
      .join(", ");
    const failed = Object.values(c.errors).reduce((n, k) => n + k, 0);
    const message = c.errorMessage ? `: “${escapeInline(clipText(c.errorMessage, 300))}”` : "";
    return `- ${caseCode(change.id)} · ${label(suite)} · ${failed} of ${c.scores.length} trial${c.scores.length === 1 ? "" : "s"} failed · ${escapeInline(classes)}${message}`;
  });
  if (errored.length > LIST_LIMIT) shown.push(`- … and ${errored.length - LIST_LIMIT} more`);
  lines.push(...shown);
  if (!lines.length) return null;
  return {
    text: [
      `### 🚨 Errors (${errored.length} case${errored.length === 1 ? "" : "s"})`,
      lines.join("\n"),
    ].join("\n\n"),
    cases: errored.length,
  };
}

function section(heading: string, lines: string[], what: string): ListSection | null {
  if (!lines.length) return null;
  const shown = lines.slice(0, LIST_LIMIT);
  if (lines.length > LIST_LIMIT) shown.push(`- … and ${lines.length - LIST_LIMIT} more`);
  const body = shown.join("\n");
  const text =
    lines.length > OPEN_LIMIT
      ? `<details><summary>${lines.length} ${what}</summary>\n\n${body}\n\n</details>`
      : body;
  return { text: `${heading}\n\n${text}`, cases: lines.length };
}

/** A new case that fails has no baseline to regress from: list it with what failed, or nobody sees it. */
function failingNew(s: SuiteComparison): string[] {
  const failing = s.changes.filter(
    (c) => c.status === "new" && c.candidate && c.candidate.passes < c.candidate.scores.length,
  );
  if (!failing.length) return [];
  const shown = failing.slice(0, LIST_LIMIT).map((c) => {
    const r = c.candidate!;
    const bad = r.scorers.filter((x) => x.passes < r.scores.length);
    const why = bad.length
      ? bad.map((x) => `${x.name}: ${clipText(x.reason, 80)}`).join("; ")
      : r.errorMessage
        ? clipText(r.errorMessage, 80)
        : "failed";
    return `    - ${caseCode(c.id)} (${r.passes}/${r.scores.length} trials pass): ${escapeInline(why)}`;
  });
  const more = failing.length > LIST_LIMIT ? [`    - and ${failing.length - LIST_LIMIT} more`] : [];
  return [`  - failing new cases (${failing.length}):`, ...shown, ...more];
}

function idList(ids: string[]): string {
  const shown = ids.slice(0, LIST_LIMIT).map(caseCode).join(", ");
  return ids.length > LIST_LIMIT ? `${shown} and ${ids.length - LIST_LIMIT} more` : shown;
}

function label(s: SuiteComparison): string {
  return escapeInline(suiteLabel(s));
}

function scores(change: CaseChange): string {
  const before = change.baseline ? caseMean(change.baseline).toFixed(3) : "-";
  const after = change.candidate ? caseMean(change.candidate).toFixed(3) : "-";
  const d = change.delta;
  return `${before} → ${after}${d === null ? "" : ` (${d >= 0 ? "+" : ""}${d.toFixed(3)})`}`;
}
