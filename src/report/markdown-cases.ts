/** Regressed cases as collapsible before/after blocks of the markdown report. */
import type { CaseChange } from "../compare/classify.js";
import type { SuiteComparison } from "../compare/compare.js";
import { type CaseRecord, caseMean, type ScorerRecord } from "../compare/records.js";
import { clipText, escapeInline, escapePre } from "./escape.js";
import type { CaseInfo } from "./types.js";
import { suiteLabel } from "./verdict.js";

/** Longest text shown for one output, input or expected value. */
export const OUTPUT_SHOWN = 1200;
/** Longest scorer reason shown in a table cell. */
const REASON_SHOWN = 600;

/** A case change with the suite it belongs to. */
export interface SuiteCase {
  suite: SuiteComparison;
  change: CaseChange;
}

/** Every case of `status` across suites; regressions worst first (most negative delta). */
export function casesWithStatus(
  suites: SuiteComparison[],
  status: CaseChange["status"],
): SuiteCase[] {
  const found = suites.flatMap((suite) =>
    suite.changes.filter((c) => c.status === status).map((change) => ({ suite, change })),
  );
  return status === "regressed"
    ? found.sort((a, b) => (a.change.delta ?? 0) - (b.change.delta ?? 0))
    : found;
}

/** A case id for inline text. */
export function caseCode(id: string): string {
  return `<code>${escapeInline(clipText(id, 120))}</code>`;
}

/** One regressed case: a summary line that opens to inputs, outputs and scorer reasons. */
export function renderRegression({ suite, change }: SuiteCase, info: CaseInfo | undefined): string {
  const base = change.baseline!;
  const cand = change.candidate!;
  const head = `${caseCode(change.id)} · ${escapeInline(suiteLabel(suite))} · score ${caseMean(base).toFixed(3)} → ${caseMean(cand).toFixed(3)} · passed ${base.passes}/${base.scores.length} → ${cand.passes}/${cand.scores.length}`;
  const parts = [
    `<details><summary>${head}</summary>`,
    ...renderInputs(info),
    ...renderOutputs("Before", `baseline, ${suite.promptVersions.baseline ?? "?"}`, base),
    ...renderOutputs("After", `candidate, ${suite.promptVersions.candidate}`, cand),
    renderScorers(base, cand),
    "</details>",
  ];
  return parts.join("\n\n");
}

function renderInputs(info: CaseInfo | undefined): string[] {
  if (!info) return ["_Inputs not available._"];
  const where = `<code>${escapeInline(`${info.file}:${info.line}`)}</code>`;
  const out = [`**Inputs** (${where})`, pre(displayVars(info.vars))];
  if (info.expected !== undefined) out.push("**Expected**", pre(displayValue(info.expected)));
  return out;
}

function renderOutputs(title: string, detail: string, rec: CaseRecord): string[] {
  const outputs = rec.outputs;
  if (outputs.length <= 1 || outputs.every((o) => o === outputs[0])) {
    const all = outputs.length > 1 ? `, all ${outputs.length} trials` : "";
    return [
      `**${title}** (${escapeInline(detail)}${all})`,
      pre(outputText(outputs[0] ?? null, rec)),
    ];
  }
  const trials = outputs.map(
    (o, i) =>
      `trial ${i + 1}, score ${(rec.scores[i] ?? 0).toFixed(3)}:\n\n${pre(outputText(o, rec))}`,
  );
  return [`**${title}** (${escapeInline(detail)})`, ...trials];
}

function outputText(output: string | null, rec: CaseRecord): string {
  if (output !== null) return output;
  return rec.errorMessage ? `(call failed: ${rec.errorMessage})` : "(no output)";
}

/** Text in a `<pre>` block: escaped, and cut at {@link OUTPUT_SHOWN} characters. */
export function pre(text: string): string {
  return `<pre>${escapePre(clipText(text, OUTPUT_SHOWN, "\n… (truncated)"))}</pre>`;
}

/** One `name: value` line per variable; a multi-line value starts on its own line. */
function displayVars(vars: Record<string, unknown>): string {
  const lines = Object.entries(vars).map(([k, v]) => {
    const text = displayValue(v);
    return text.includes("\n") ? `${k}:\n${text}` : `${k}: ${text}`;
  });
  return lines.length ? lines.join("\n") : "(no variables)";
}

function displayValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function renderScorers(before: CaseRecord, after: CaseRecord): string {
  const names = [...new Set([...before.scorers, ...after.scorers].map((s) => s.name))];
  if (!names.length) return "_No scorer results._";
  const cell = (rec: CaseRecord, name: string) =>
    scorerCell(
      rec.scorers.find((s) => s.name === name),
      rec.scores.length,
    );
  const rows = names.map((n) => `| ${escapeInline(n)} | ${cell(before, n)} | ${cell(after, n)} |`);
  return ["| scorer | before | after |", "|---|---|---|", ...rows].join("\n");
}

function scorerCell(s: ScorerRecord | undefined, trials: number): string {
  if (!s) return "-";
  const error = s.error ? ` (error: ${s.error})` : "";
  return escapeInline(
    `${s.value.toFixed(3)}, ${s.passes}/${trials} passed: ${clipText(s.reason, REASON_SHOWN)}${error}`,
  );
}
