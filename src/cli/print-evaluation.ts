import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { Evaluation, Gated } from "../commands/eval.js";
import type { Comparison } from "../compare/compare.js";
import { githubAnnotations } from "../report/annotations.js";
import { CHOICE_HEAD, choiceRow, recommendationLine } from "../report/models.js";
import { roundLines } from "../report/rounds.js";
import { routerHead, routerRows, routingLine } from "../report/routing.js";
import {
  COMPARISON_HEAD,
  collectFailures,
  comparisonRows,
  failureLines,
  fmtUsd,
  SCORER_HEAD,
  SUMMARY_DROP,
  SUMMARY_HEAD,
  scorerRows,
  summaryRows,
} from "../report/terminal.js";
import { type Headline, headline, suiteLabel, suiteReason } from "../report/verdict.js";
import { appendStepSummary, REPORT_FILES } from "../report/write-reports.js";
import { readResults } from "../run/run-dir.js";
import { terminalSafe } from "../util/terminal-text.js";
import { colors, type Io } from "./io.js";
import { table } from "./table.js";

export interface PrintFlags {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  changedSince?: string | undefined;
}

/**
 * The comparison table, the reasons of non-passing suites, drift, the headline (derived from the
 * decision that sets the exit code) and the rule.
 */
export function comparisonLines(comparison: Comparison, head: Headline, io: Io): string {
  const c = colors(io);
  let out = table(COMPARISON_HEAD, comparisonRows(comparison, c), io, {
    dropFirst: ["mean score"],
  });
  for (const s of comparison.suites) {
    if (s.verdict !== "pass") out += `  ${suiteLabel(s)}: ${suiteReason(s)}\n`;
    for (const d of s.drift) out += c.yellow(`  drift in ${suiteLabel(s)}: ${d}\n`);
  }
  const scorers = scorerRows(comparison);
  if (scorers.length)
    out += `\nPass rate by scorer:\n${table(
      SCORER_HEAD,
      scorers.map((r) => r.map((x) => terminalSafe(x))),
      io,
    )}`;
  for (const ch of comparison.modelChoices ?? []) {
    out += `\nWhich model: ${terminalSafe(recommendationLine(ch))}\n`;
    out += table(
      CHOICE_HEAD,
      ch.models.map((m) => choiceRow(m).map((x) => terminalSafe(x))),
      io,
    );
  }
  for (const r of comparison.routing ?? []) {
    out += `\nRouting: ${terminalSafe(routingLine(r))}\n`;
    out += table(
      routerHead(r),
      routerRows(r).map((row) => row.map((v) => terminalSafe(v))),
      io,
    );
  }
  const rounds = roundLines(comparison);
  if (rounds.length)
    out += `\nSequential trials:\n${rounds.map((l) => `  ${terminalSafe(l)}\n`).join("")}`;
  const tone = head.tone;
  const paint = tone === "pass" ? c.green : tone === "inconclusive" ? c.yellow : c.red;
  out += `\n${paint(head.text)}\n`;
  // The rule itself is in `llmops eval --help` and the report's footnote, not after every run.
  return `${out}${c.dim("how the gate decides: llmops eval --help, docs/gate.md")}\n`;
}

/**
 * Print what eval (or merge) did and decided, feed GitHub Actions, and return the decided exit
 * code. A run failure was decided by the command; it is rethrown here so the entry prints it like
 * any other error (message, hint, no stack).
 */
export async function printEvaluation(ev: Evaluation, flags: PrintFlags, io: Io): Promise<number> {
  const c = colors(io);
  const human = !flags.quiet && !flags.json;
  // Names, reasons and outputs were written by users and models: no escape sequence or
  // workflow command of theirs reaches the terminal or the CI log.
  const safe = (s: string) => terminalSafe(s, c.level > 0);
  const say = (s: string) => {
    if (human) io.stdout(safe(s));
  };
  for (const s of ev.skipped) say(c.dim(`skipped ${s.suite}: ${s.reason}\n`));
  if (!ev.run) {
    say(`nothing to run: no suite is affected by changes since ${flags.changedSince}\n`);
    if (flags.json) io.stdout(`${JSON.stringify({ skipped: ev.skipped, suites: [] }, null, 2)}\n`);
    return ev.exitCode;
  }
  const { summary, runDir } = ev.run;
  const g = ev.gated;
  const relDir = relative(io.cwd, runDir) || ".";
  // gh models eval prints one object; several prompt files or models print an array of them.
  if (flags.json && ev.ghModels) {
    const gh = ev.ghModels.length === 1 ? ev.ghModels[0] : ev.ghModels;
    io.stdout(`${JSON.stringify(gh, null, 2)}\n`);
  } else if (flags.json) {
    io.stdout(
      `${JSON.stringify({ runDir, ...summary, comparison: g?.comparison ?? null, baselinesWritten: g?.baselinesWritten ?? [], reports: g?.reportFiles ?? [], skipped: ev.skipped }, null, 2)}\n`,
    );
  }
  say(table(SUMMARY_HEAD, summaryRows(summary.suites, c), io, { dropFirst: SUMMARY_DROP }));
  for (const s of summary.suites)
    if (s.judge.parseErrors)
      say(
        c.yellow(
          `judge_parse: ${s.judge.parseErrors} judge repl${s.judge.parseErrors === 1 ? "y" : "ies"} not in the verdict format in ${s.suite} [${s.model}] (scored 0, not errors)\n`,
        ),
      );
  if (human)
    for (const line of failureLines(
      ev.run.failures ?? (await collectFailures(readResults(runDir), 10)),
      c,
    ))
      io.stdout(safe(`${line}\n`));
  if (g) {
    const r = g.report;
    say(`\n${comparisonLines(g.comparison, headline(r.summary, r.comparison, r.decision), io)}`);
  }
  for (const f of g?.baselinesWritten ?? []) say(c.green(`baseline written: ${f}\n`));
  if (g?.baselineRefused)
    io.stderr(
      safe(
        `${c.yellow("warning")} --update-baseline: not written: ${g.baselineRefused}\n  hint: fix the run, or pass --force to write it anyway\n`,
      ),
    );
  const spent =
    summary.totals.spentUsd > 0 ? `, spent ${fmtUsd(summary.totals.spentUsd)} live` : "";
  // Where the answers came from: a prompt edit turns replays into paid live calls, visibly.
  const src = { fixture: 0, cache: 0, live: 0 };
  for (const su of summary.suites)
    for (const k of ["fixture", "cache", "live"] as const) src[k] += su.sources[k];
  const sources = `; answers: ${src.fixture} replayed, ${src.cache} cached, ${src.live} live`;
  // The cost column is the model's calls only; judge calls are priced apart.
  const judgeCalls = summary.suites.reduce((n, su) => n + su.judge.calls, 0);
  const judgeCost = summary.suites.reduce((n, su) => n + su.judge.cost, 0);
  const judged = judgeCalls
    ? `; ${judgeCalls} judge call${judgeCalls === 1 ? "" : "s"} ${fmtUsd(judgeCost)}, not in the cost column`
    : "";
  say(
    c.dim(
      `\nrun: ${relDir}${sources}${judged}${spent}${summary.recorded.length ? `; recorded ${summary.recorded.join(", ")}` : ""}\n`,
    ),
  );
  await feedGithub(g, io);
  if (ev.failure) throw ev.failure;
  return ev.exitCode;
}

/**
 * In GitHub Actions: the report in the job summary, failing cases as annotations on their lines.
 * Annotations go to stderr (the runner reads commands from both streams): stdout is data, and
 * with --json exactly one JSON document.
 */
async function feedGithub(g: Gated | undefined, io: Io): Promise<void> {
  const summaryPath = io.env.GITHUB_STEP_SUMMARY;
  const md = g?.reportFiles.find((f) => f.endsWith(REPORT_FILES.markdown));
  if (summaryPath && md) await appendStepSummary(summaryPath, await readFile(md, "utf8"));
  if (io.env.GITHUB_ACTIONS === "true" && g)
    for (const line of githubAnnotations(g.report)) io.stderr(`${line}\n`);
}
