/** The context sections of the markdown report: prompts, drift, usage and how to reproduce. */
import type { SuiteComparison } from "../compare/compare.js";
import type { RunSummary } from "../run/types.js";
import { groupDigits } from "../util/stats.js";
import { clipText, codeBlock, escapeInline, stripControl } from "./escape.js";
import { cacheHitRatio, fmtMs, fmtPct, fmtUsd } from "./terminal.js";
import type { PromptDiff } from "./types.js";
import { DECISION_RULE, suiteLabel } from "./verdict.js";

/** Most lines and characters of one prompt diff shown. */
const DIFF_LINES = 200;
const DIFF_CHARS = 8000;

/** The prompt versions each suite compared. */
export function renderPromptVersions(suites: SuiteComparison[]): string {
  const lines = suites.map((s) => {
    const { baseline, candidate } = s.promptVersions;
    const versions =
      baseline === null
        ? `${candidate} (no baseline)`
        : baseline === candidate
          ? `${candidate} (unchanged)`
          : `${baseline} → ${candidate}`;
    return `- ${escapeInline(suiteLabel(s))}: ${escapeInline(versions)}`;
  });
  return ["### Prompts compared", lines.join("\n")].join("\n\n");
}

/** Each changed prompt file's diff, collapsed, in a diff block no line of it can close. */
export function renderPromptDiffs(diffs: PromptDiff[]): string | null {
  const shown = diffs.filter((d) => d.diff.trim() !== "");
  if (!shown.length) return null;
  return shown
    .map((d) => {
      const summary = `Prompt diff: <code>${escapeInline(d.file)}</code> (against <code>${escapeInline(d.ref)}</code>)`;
      return `<details><summary>${summary}</summary>\n\n${codeBlock(clipDiff(stripControl(d.diff)), "diff")}\n\n</details>`;
    })
    .join("\n\n");
}

function clipDiff(diff: string): string {
  const lines = diff.replace(/\n$/, "").split("\n");
  const kept: string[] = [];
  let size = 0;
  for (const line of lines.slice(0, DIFF_LINES)) {
    size += line.length + 1;
    if (size > DIFF_CHARS && kept.length) break;
    kept.push(clipText(line, DIFF_CHARS));
  }
  const rest = lines.length - kept.length;
  return rest
    ? `${kept.join("\n")}\n… (${rest} more line${rest === 1 ? "" : "s"} not shown)`
    : kept.join("\n");
}

/** Warnings that the comparison compares more than the change under review. */
export function renderDrift(suites: SuiteComparison[]): string | null {
  const lines = suites.flatMap((s) =>
    s.drift.map((d) => `- ${escapeInline(suiteLabel(s))}: ${escapeInline(d)}`),
  );
  return lines.length ? ["### ⚠️ Drift", lines.join("\n")].join("\n\n") : null;
}

/** Cost, tokens and latency per suite and model, then the run's totals. */
export function renderUsage(summary: RunSummary, baseline?: string): string {
  const lines = summary.suites.map((s) => {
    const unpriced = s.cost.unknownTrials ? ` (+${s.cost.unknownTrials} unpriced trials)` : "";
    const hit = cacheHitRatio(s);
    const cached =
      hit === undefined
        ? ""
        : `, cache hit ${fmtPct(hit)}: ${groupDigits(s.tokens.cached ?? 0)} of ${groupDigits(s.tokens.prompt)} in cached`;
    const tokens = `${groupDigits(s.tokens.prompt + s.tokens.completion)} tokens (${groupDigits(s.tokens.prompt)} in, ${groupDigits(s.tokens.completion)} out${cached})`;
    // Cost is the model's calls only: judge calls are counted apart, and said to be.
    const judge = s.judge.calls
      ? `judge ${groupDigits(s.judge.promptTokens + s.judge.completionTokens)} tokens, ${fmtUsd(s.judge.cost)} (${s.judge.calls} calls, not in the cost)`
      : "no judge calls";
    const latency = `latency p50 ${fmtMs(s.latencyMs.p50)} / p95 ${fmtMs(s.latencyMs.p95)} · TTFT p50 ${fmtMs(s.ttftMs.p50)}`;
    const text = `${fmtUsd(s.cost.total)}${unpriced} (${fmtUsd(s.cost.perCase)} / case) · ${tokens} · ${judge} · ${latency}`;
    const line = `- **${escapeInline(`${s.suite} [${s.model}]`)}**: ${escapeInline(text)}`;
    return s.budget ? `${line}\n${budgetLines(s.budget)}` : line;
  });
  return ["### Cost, tokens and latency", lines.join("\n"), runLine(summary, baseline)].join(
    "\n\n",
  );
}

/** Where a budgeted suite's input tokens go: p95 against the context window, by variable, by message. */
function budgetLines(b: NonNullable<RunSummary["suites"][number]["budget"]>): string {
  const limits = [
    b.inputTokens !== null ? `input ${groupDigits(b.inputTokens)}` : null,
    b.outputTokens !== null ? `output ${groupDigits(b.outputTokens)}` : null,
  ].filter((x) => x !== null);
  const window =
    b.input.contextWindow === null
      ? "context window unknown"
      : `${fmtPct(b.input.p95 / b.input.contextWindow)} of the ${groupDigits(b.input.contextWindow)}-token context window`;
  const over = b.overBudget
    ? `; ${b.overBudget} case${b.overBudget === 1 ? "" : "s"} over budget`
    : "";
  const vars = b.perVariable.length
    ? b.perVariable.map((v) => `{{${v.name}}} ${fmtPct(v.share)}`).join(", ")
    : "no variables";
  const msgs = b.perMessage.map((m, i) => `#${i + 1} ${m.role} ${fmtPct(m.share)}`).join(", ");
  return [
    `token budget (${limits.join(", ")}): input p95 ${groupDigits(b.input.p95)} tokens, max ${groupDigits(b.input.max)} (${window})${over}`,
    `input tokens by variable: ${vars}; by message: ${msgs}`,
  ]
    .map((l) => `  - ${escapeInline(l)}`)
    .join("\n");
}

function runLine(summary: RunSummary, baseline: string | undefined): string {
  const t = summary.totals;
  const commit = summary.meta.git.commit
    ? ` at commit <code>${escapeInline(summary.meta.git.commit.slice(0, 12))}</code>${summary.meta.git.dirty ? " (dirty)" : ""}`
    : "";
  const ci = summary.meta.ci?.url ? ` · ${link("CI job", summary.meta.ci.url)}` : "";
  const against = baseline ? `, compared with ${escapeInline(baseline)}` : "";
  return `Run <code>${escapeInline(summary.runId)}</code>${commit}: ${t.trials} of ${t.planned} trials, ${escapeInline(fmtUsd(t.spentUsd))} spent, ${fmtMs(summary.durationMs)}${against}${ci}`;
}

/** The command that reproduces the run, and the decision rule as the verdict's footnote. */
export function renderFooter(reproduce: string, compared: boolean): string {
  const parts = ["Reproduce locally:", codeBlock(stripControl(reproduce), "sh")];
  if (compared) parts.push(`[^rule]: ${escapeInline(DECISION_RULE)}`);
  return parts.join("\n\n");
}

/** A link when `target` is a plain http(s) URL, else the target as code. */
export function link(text: string, target: string): string {
  if (/^https?:\/\/[^\s<>"'`|()[\]\\]+$/.test(target)) return `[${escapeInline(text)}](${target})`;
  return `<code>${escapeInline(target)}</code>`;
}
