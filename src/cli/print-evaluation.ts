import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { Comparison } from "../compare/compare.js";
import { RunError } from "../errors.js";
import { githubAnnotations } from "../report/annotations.js";
import {
  COMPARISON_HEAD,
  collectFailures,
  comparisonRows,
  failureLines,
  fmtUsd,
  SUMMARY_HEAD,
  summaryRows,
} from "../report/terminal.js";
import { DECISION_RULE, suiteLabel, suiteReason, verdictLine } from "../report/verdict.js";
import { appendStepSummary, REPORT_FILES } from "../report/write-reports.js";
import type { Evaluation } from "../run/evaluate.js";
import { readResults } from "../run/run-dir.js";
import { tally } from "../util/stats.js";
import { colors, type Io } from "./io.js";
import { table } from "./table.js";

export interface PrintFlags {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  changedSince?: string | undefined;
}

/** The comparison table, the reasons of non-passing suites, drift, the verdict and the rule. */
export function comparisonLines(comparison: Comparison, io: Io): string {
  const c = colors(io);
  let out = table(COMPARISON_HEAD, comparisonRows(comparison, c), io);
  for (const s of comparison.suites) {
    if (s.verdict !== "pass") out += `  ${suiteLabel(s)}: ${suiteReason(s)}\n`;
    for (const d of s.drift) out += c.yellow(`  drift in ${suiteLabel(s)}: ${d}\n`);
  }
  const v = comparison.verdict;
  out += `\n${(v === "fail" ? c.red : v === "inconclusive" ? c.yellow : c.green)(verdictLine(comparison))}\n`;
  return `${out}${c.dim(`rule: ${DECISION_RULE}`)}\n`;
}

/** Print what eval (or merge) did, feed GitHub Actions, and throw for runs that did not complete. */
export async function printEvaluation(ev: Evaluation, flags: PrintFlags, io: Io): Promise<void> {
  const c = colors(io);
  const human = !flags.quiet && !flags.json;
  const say = (s: string) => {
    if (human) io.stdout(s);
  };
  for (const s of ev.skipped) say(c.dim(`skipped ${s.suite}: ${s.reason}\n`));
  if (!ev.run) {
    say(`nothing to run: no suite is affected by changes since ${flags.changedSince}\n`);
    if (flags.json) io.stdout(`${JSON.stringify({ skipped: ev.skipped, suites: [] }, null, 2)}\n`);
    return;
  }
  const { summary, runDir } = ev.run;
  const relDir = relative(io.cwd, runDir) || ".";
  if (flags.json) {
    io.stdout(
      `${JSON.stringify({ runDir, ...summary, comparison: ev.comparison ?? null, baselinesWritten: ev.baselinesWritten ?? [], reports: ev.reportFiles ?? [], skipped: ev.skipped }, null, 2)}\n`,
    );
  }
  say(table(SUMMARY_HEAD, summaryRows(summary.suites, c), io));
  if (human)
    for (const line of failureLines(await collectFailures(readResults(runDir), 10), c))
      io.stdout(`${line}\n`);
  if (ev.comparison) say(`\n${comparisonLines(ev.comparison, io)}`);
  for (const f of ev.baselinesWritten ?? []) say(c.green(`baseline written: ${f}\n`));
  if (ev.baselineRefused)
    io.stderr(
      `${c.yellow("warning")} --update-baseline: not written: ${ev.baselineRefused}\n  hint: fix the run, or pass --force to write it anyway\n`,
    );
  const spent =
    summary.totals.spentUsd > 0 ? `, spent ${fmtUsd(summary.totals.spentUsd)} live` : "";
  say(
    c.dim(
      `\nrun: ${relDir}${spent}${summary.recorded.length ? `; recorded ${summary.recorded.join(", ")}` : ""}\n`,
    ),
  );
  await feedGithub(ev, io);
  throwIfIncomplete(ev, relDir);
}

/** In GitHub Actions: the report in the job summary, failing cases as annotations on their lines. */
async function feedGithub(ev: Evaluation, io: Io): Promise<void> {
  const summaryPath = io.env.GITHUB_STEP_SUMMARY;
  const md = ev.reportFiles?.find((f) => f.endsWith(REPORT_FILES.markdown));
  if (summaryPath && md) await appendStepSummary(summaryPath, await readFile(md, "utf8"));
  if (io.env.GITHUB_ACTIONS === "true" && ev.report)
    for (const line of githubAnnotations(ev.report)) io.stdout(`${line}\n`);
}

function throwIfIncomplete(ev: Evaluation, relDir: string): void {
  const { summary, outcome } = ev.run!;
  if (outcome.status !== "complete") {
    const resume = `llmops eval --resume ${relDir}`;
    if (outcome.failure) throw outcome.failure;
    if (outcome.status === "budget") {
      throw new RunError(
        `cost budget reached: spent ${fmtUsd(outcome.spent)}; ${outcome.remaining} trial${outcome.remaining === 1 ? "" : "s"} not run`,
        `raise --max-cost and continue with: ${resume} --max-cost <usd>`,
        "budget",
      );
    }
    throw new RunError(
      `interrupted: ${summary.totals.trials} of ${summary.totals.planned} trials done; results and summary are saved`,
      `continue with: ${resume}`,
      "interrupted",
    );
  }
  const dead = summary.suites.filter((s) => s.trials > 0 && tally(s.errors) === s.trials);
  if (dead.length > 0) {
    throw new RunError(
      `every call failed for ${dead.map((s) => `${s.suite} [${s.model}]`).join(", ")}`,
      "see the errors above; the run produced no scores for these",
    );
  }
}
