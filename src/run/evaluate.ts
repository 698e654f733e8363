import { join, relative } from "node:path";
import { type BaselineSource, checkRef } from "../compare/baseline.js";
import { changedFiles, selectChanged } from "../compare/changed.js";
import type { Comparison } from "../compare/compare.js";
import { compareRunDir, isPartial, updateBaselines } from "../compare/gate-run.js";
import { loadConfig } from "../config/load-config.js";
import { loadProject } from "../config/load-project.js";
import type { Project } from "../config/types.js";
import { ConfigError, ExitCode, UsageError } from "../errors.js";
import { buildReportInput } from "../report/build-input.js";
import type { ReportInput } from "../report/types.js";
import { type ReportFormat, writeReports } from "../report/write-reports.js";
import { writeFileAtomic } from "../util/fs.js";
import { tally } from "../util/stats.js";
import { type EvalOptions, type EvalResult, type RunSummary, runEval } from "./eval.js";

export interface GateOptions {
  baselineRef?: string | undefined;
  updateBaseline?: boolean | undefined;
  /** Update baselines even from a run with errors, or a partial run. */
  force?: boolean | undefined;
  /** INCONCLUSIVE fails the gate too. */
  strict?: boolean | undefined;
  /** Reports written into the run folder besides report.md. */
  reports?: readonly ReportFormat[] | undefined;
  /** Where the full report is, for a report cut to fit a PR comment (default: the run folder). */
  fullReportHint?: string | undefined;
}

export interface EvaluateOptions extends EvalOptions, GateOptions {
  changedSince?: string | undefined;
}

export interface Finalized {
  comparison: Comparison;
  report: ReportInput;
  reportFiles: string[];
  baselinesWritten: string[];
  /** Why --update-baseline wrote nothing, when it did not. */
  baselineRefused: string | undefined;
  exitCode: number;
}

export interface Evaluation extends Partial<Finalized> {
  run: EvalResult | undefined;
  /** Suites --changed-since left out, with the reason. */
  skipped: { suite: string; reason: string }[];
  exitCode: number;
}

export const COMPARISON = "comparison.json";

/** `llmops eval`: run, compare with the baselines, gate, report, and update the baselines if asked. */
export async function evaluate(o: EvaluateOptions): Promise<Evaluation> {
  let targets = o.targets;
  let skipped: Evaluation["skipped"] = [];
  if (o.changedSince) {
    const { project, problems } = await loadProject({ cwd: o.cwd, targets: o.targets });
    if (!project) throw new ConfigError(problems);
    const sel = selectChanged(project, await changedFiles(project, o.changedSince));
    skipped = sel.skipped;
    if (sel.run.length === 0) return { run: undefined, skipped, exitCode: ExitCode.ok };
    targets = sel.run.map((s) => join(project.config.root, s.file));
  }
  await checkGateOptions(o);
  const run = await runEval({ ...o, targets });
  // An incomplete run is reported as such (exit 3), never judged against a baseline.
  if (run.summary.status !== "complete") return { run, skipped, exitCode: ExitCode.runFailed };
  return { run, skipped, ...(await finalizeRun(run.project, run.runDir, run.summary, o)) };
}

export async function checkGateOptions(o: GateOptions & { cwd: string }): Promise<void> {
  if (o.updateBaseline && o.baselineRef)
    throw new UsageError(
      "--update-baseline writes the working tree's baselines; it cannot be combined with --baseline-ref",
    );
  if (!o.baselineRef) return;
  const { config, problems } = await loadConfig(o.cwd);
  if (!config) throw new ConfigError(problems);
  await checkRef(config, o.baselineRef);
}

/** After a complete run: compare, write comparison.json and reports, update baselines, decide. */
export async function finalizeRun(
  project: Project,
  runDir: string,
  summary: RunSummary,
  o: GateOptions,
): Promise<Finalized> {
  const source: BaselineSource = o.baselineRef
    ? { kind: "git", ref: o.baselineRef }
    : { kind: "working-tree" };
  const { comparison, records } = await compareRunDir(project, runDir, summary, source);
  await writeFileAtomic(join(runDir, COMPARISON), `${JSON.stringify(comparison, null, 2)}\n`);
  const report = await buildReportInput({
    project,
    summary,
    comparison,
    baseRef: o.baselineRef,
    fullReport: o.fullReportHint ?? `the run folder ${relative(project.config.root, runDir)}`,
  });
  const formats = [...new Set<ReportFormat>(["markdown", ...(o.reports ?? [])])];
  const reportFiles = await writeReports(runDir, report, formats);

  let baselinesWritten: string[] = [];
  let baselineRefused: string | undefined;
  if (o.updateBaseline) {
    const errors = summary.suites.reduce((n, s) => n + tally(s.errors), 0);
    if (!o.force && (isPartial(summary) || errors > 0)) {
      baselineRefused = isPartial(summary)
        ? "the run was partial (filtered, sharded or interrupted): a baseline must cover every case"
        : `the run had ${errors} failed call${errors === 1 ? "" : "s"}: their cases would enter the baseline as errors`;
    } else baselinesWritten = await updateBaselines(project, records);
  }
  const failed =
    comparison.verdict === "fail" || (o.strict && comparison.verdict === "inconclusive");
  // A shard sees a slice of the cases: its comparison is reported, the gate is decided by merge.
  const gated = summary.meta.options.shard === null;
  return {
    comparison,
    report,
    reportFiles,
    baselinesWritten,
    baselineRefused,
    exitCode: failed && gated ? ExitCode.gateFailed : ExitCode.ok,
  };
}
