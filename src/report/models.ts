/**
 * Which model and the side-by-side view of a matrix run, for the markdown and terminal reports:
 * per suite, the models ranked by cost with their quality, latency and the non-inferiority test
 * against the reference, the recommendation, per-tag slices, and which models pass each case.
 */
import { type Comparison, points } from "../compare/compare.js";
import type { ModelChoice } from "../compare/which-model.js";
import { caseCode } from "./markdown-cases.js";
import { fmtMs, fmtPct, fmtUsd } from "./terminal.js";

/** Most cases in the per-case matrix; the rest are counted. */
const CASE_LIMIT = 40;

/** The recommendation as one sentence (terminal and markdown). */
export function recommendationLine(
  ch: ModelChoice,
  code: (s: string) => string = (s) => s,
): string {
  const r = ch.recommended;
  if (!r)
    return `${code(ch.suite)}: no model cheaper than ${code(ch.reference)} is shown within ${points(ch.margin)} of it: keep the reference.`;
  return `${code(ch.suite)}: ${code(r.model)} is the cheapest model not worse than ${code(ch.reference)} by more than ${points(ch.margin)}: saves ${fmtPct(r.savingPct)}, ${fmtUsd(r.savingPer1k)} per 1,000 requests.`;
}

/** One row of the quality/cost/latency table. */
export function choiceRow(m: ModelChoice["models"][number]): string[] {
  return [
    m.model,
    fmtPct(m.passRate),
    m.meanScore.toFixed(3),
    fmtUsd(m.costPerCase),
    fmtMs(m.latencyP95),
    m.reference
      ? "reference"
      : m.dropUpper === null
        ? "no pairs"
        : `${m.nonInferior ? "yes" : "no"} (drop ${points(m.drop ?? 0)}, ≤ ${points(m.dropUpper)})`,
    m.pareto ? "★" : "",
  ];
}

export const CHOICE_HEAD = [
  "model",
  "pass rate",
  "score",
  "cost/case",
  "p95",
  "non-inferior",
  "Pareto",
];

/** The markdown "Which model" section, or null when no suite ran on several models. */
export function renderModelChoices(c: Comparison): string | null {
  const choices = c.modelChoices ?? [];
  if (choices.length === 0) return null;
  const code = caseCode;
  const out = ["### Which model"];
  for (const ch of choices) {
    out.push("", `**${recommendationLine(ch, code)}**`, "");
    out.push(`| ${CHOICE_HEAD.join(" | ")} |`, `|${CHOICE_HEAD.map(() => "---").join("|")}|`);
    for (const m of ch.models)
      out.push(
        `| ${choiceRow(m)
          .map((x, i) => (i === 0 ? code(x) : x))
          .join(" | ")} |`,
      );
    const slices = ch.slices.filter((s) => s.model !== ch.reference);
    if (slices.length > 0) {
      out.push(
        "",
        "<details><summary>Per tag: mean score, difference from the reference</summary>",
        "",
      );
      out.push("| tag | model | cases | score | vs reference |", "|---|---|---|---|---|");
      for (const s of slices)
        out.push(
          `| ${code(s.tag)} | ${code(s.model)} | ${s.cases} | ${s.meanScore.toFixed(3)} | ${s.diff > 0 ? "+" : ""}${s.diff.toFixed(3)} |`,
        );
      out.push("", "</details>");
    }
    const matrix = caseMatrix(c, ch);
    if (matrix) out.push("", matrix);
  }
  out.push(
    "",
    `Non-inferior: the one-sided upper bound of the drop against the reference, on the same cases, is within the gate's margin (alpha split over the models compared). ★ no other model is at least as good on score, cost and p95 latency and better on one.`,
  );
  return out.join("\n");
}

/** Per case, which models passed every trial: the cases where the models disagree first. */
function caseMatrix(c: Comparison, ch: ModelChoice): string | null {
  const models = ch.models.map((m) => m.model);
  const passed = new Map<string, Map<string, boolean>>();
  for (const s of c.suites) {
    if (s.suite !== ch.suite || !models.includes(s.model)) continue;
    for (const change of s.changes) {
      const rec = change.candidate;
      if (!rec) continue;
      const row = passed.get(change.id) ?? new Map<string, boolean>();
      row.set(s.model, rec.scores.length > 0 && rec.passes === rec.scores.length);
      passed.set(change.id, row);
    }
  }
  if (passed.size === 0) return null;
  const disagree = (row: Map<string, boolean>) => new Set(row.values()).size > 1;
  const ids = [...passed.keys()].sort(
    (a, b) =>
      Number(disagree(passed.get(b)!)) - Number(disagree(passed.get(a)!)) || a.localeCompare(b),
  );
  const shown = ids.slice(0, CASE_LIMIT);
  const code = caseCode;
  const lines = [
    `<details><summary>Per case: which models pass (${ids.filter((id) => disagree(passed.get(id)!)).length} of ${ids.length} cases split the models)</summary>`,
    "",
    `| case | ${models.map(code).join(" | ")} |`,
    `|---|${models.map(() => "---").join("|")}|`,
    ...shown.map((id) => {
      const row = passed.get(id)!;
      return `| ${code(id)} | ${models.map((m) => (row.has(m) ? (row.get(m) ? "✅" : "❌") : "–")).join(" | ")} |`;
    }),
  ];
  if (ids.length > shown.length) lines.push("", `…and ${ids.length - shown.length} more cases.`);
  lines.push("", "</details>");
  return lines.join("\n");
}
