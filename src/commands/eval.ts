import { join, relative } from "node:path";
import { type BaselineSource, checkRef } from "../compare/baseline.js";
import { changedFiles, selectChanged } from "../compare/changed.js";
import type { Comparison } from "../compare/compare.js";
import { compareRunDir, isPartial, updateBaselines } from "../compare/gate-run.js";
import type { RunRecords } from "../compare/records.js";
import { loadConfig } from "../config/load-config.js";
import { ConfigError, ExitCode, type LlmopsError, UsageError } from "../errors.js";
import { buildReportInput } from "../report/build-input.js";
import { type GhEvaluationSummary, ghModelsJson } from "../report/gh-models-json.js";
import type { ReportInput } from "../report/types.js";
import { type ReportFormat, writeReports } from "../report/write-reports.js";
import type { FailureList } from "../run/aggregate.js";
import { COMPARISON, readResults } from "../run/run-dir.js";
import type { RunSuitesOptions } from "../run/run-suites.js";
import type { RunSummary, TrialResult } from "../run/types.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";
import { jsonFile, removeStaleTemps, writeFileAtomic } from "../util/fs.js";
import { tally } from "../util/stats.js";
import { type Decision, decide } from "./decide.js";
import { runRounds, type SequentialRound } from "./eval-rounds.js";

export interface GateOptions {
  baselineRef?: string | undefined;
  /** With several models: the model the others are compared with (docs/cost.md, Which model). */
  reference?: string | undefined;
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

export interface EvaluateOptions extends RunSuitesOptions, GateOptions {
  changedSince?: string | undefined;
  /** `--json-format gh`: also build gh-models' JSON of the run (report/gh-models-json.ts). */
  jsonFormat?: "llmops" | "gh" | undefined;
}

/** What the comparison with the baselines produced for a complete run. */
export interface Gated {
  comparison: Comparison;
  report: ReportInput;
  reportFiles: string[];
  baselinesWritten: string[];
  /** Why --update-baseline wrote nothing, when it did not. */
  baselineRefused: string | undefined;
}

/** What `llmops eval` (or `llmops merge`) did and decided; `cli/` only prints it. */
export interface Evaluation extends Decision {
  /**
   * The run folder, its summary and (for a run, not a merge) its first failures; undefined when
   * --changed-since left nothing to run.
   */
  run: { runDir: string; summary: RunSummary; failures?: FailureList | undefined } | undefined;
  /** Suites --changed-since left out, with the reason. */
  skipped: { suite: string; reason: string }[];
  /** Undefined when the run did not complete: an incomplete run is never judged. */
  gated: Gated | undefined;
  /** gh-models' JSON of the run, when asked for with `jsonFormat: "gh"`. */
  ghModels?: GhEvaluationSummary[] | undefined;
}

/** `llmops eval`: run, compare with the baselines, gate, report, and update the baselines if asked. */
export async function evaluate(o: EvaluateOptions): Promise<Evaluation> {
  const selection = await selectSuites(o);
  if (selection.targets === undefined)
    return { run: undefined, skipped: selection.skipped, gated: undefined, ...passed() };
  await checkGateOptions(o);
  // The comparison's records are folded as trials finish: results.jsonl is not read back.
  // With sequential trials, rounds run until every suite is decided (docs/gate.md).
  const { run, records, project, rounds, compared } = await runRounds(
    { ...o, targets: selection.targets },
    baselineSource(o),
    o.reference,
  );
  const ev = await concludeRun({
    project,
    runDir: run.runDir,
    summary: run.summary,
    records,
    rounds,
    compared,
    failures: run.failures,
    stoppedBy: run.outcome.failure,
    skipped: selection.skipped,
    cwd: o.cwd,
    gate: o,
  });
  if (o.jsonFormat !== "gh") return ev;
  const results: TrialResult[] = [];
  for await (const r of readResults(run.runDir)) results.push(r);
  return { ...ev, ghModels: ghModelsJson(project.suites, results) };
}

/**
 * Judge a finished run (or merged shards): compare it if it completed, decide, and only then write
 * the reports, so their headline comes from the decision that sets the exit code.
 */
export async function concludeRun(c: {
  project: Project;
  runDir: string;
  summary: RunSummary;
  /** The run's records, when folded as it ran; else they are read from its results. */
  records?: RunRecords | undefined;
  /** Sequential trials: the rounds run, shown in the comparison and reports. */
  rounds?: SequentialRound[] | undefined;
  /** The comparison the last round already made, when it is the run's. */
  compared?: Compared | undefined;
  failures?: FailureList | undefined;
  stoppedBy: LlmopsError | undefined;
  skipped: Evaluation["skipped"];
  cwd: string;
  gate: GateOptions;
}): Promise<Evaluation> {
  // Temporary files a killed run left where git would see them (baselines, recordings).
  const { root, paths } = c.project.config;
  await removeStaleTemps(join(root, paths.baselines));
  await removeStaleTemps(join(root, paths.fixtures), true);
  const compared =
    c.summary.status === "complete"
      ? await compareRun(c.project, c.runDir, c.summary, c.gate, c.records, c.rounds, c.compared)
      : undefined;
  const decision = decide({
    summary: c.summary,
    stoppedBy: c.stoppedBy,
    comparison: compared?.comparison,
    strict: c.gate.strict,
    runDirShown: relative(c.cwd, c.runDir) || ".",
  });
  const gated = compared
    ? await gateRun(c.project, c.runDir, c.summary, compared, decision, c.gate)
    : undefined;
  const run = { runDir: c.runDir, summary: c.summary, failures: c.failures };
  return { run, skipped: c.skipped, gated, ...decision };
}

function passed(): Decision {
  return { exitCode: ExitCode.ok, failure: undefined };
}

/** --changed-since: the suites affected by the changes (undefined targets: none is). */
async function selectSuites(
  o: EvaluateOptions,
): Promise<{ targets: string[] | undefined; skipped: Evaluation["skipped"] }> {
  if (!o.changedSince) return { targets: o.targets, skipped: [] };
  const { project, problems } = await loadProject({ cwd: o.cwd, targets: o.targets });
  if (!project) throw new ConfigError(problems);
  const sel = selectChanged(project, await changedFiles(project, o.changedSince));
  const targets = sel.run.map((s) => join(project.config.root, s.file));
  return { targets: targets.length ? targets : undefined, skipped: sel.skipped };
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

function baselineSource(o: GateOptions): BaselineSource {
  return o.baselineRef ? { kind: "git", ref: o.baselineRef } : { kind: "working-tree" };
}

type Compared = Awaited<ReturnType<typeof compareRunDir>>;

/** After a complete run: compare with the baselines and keep comparison.json. */
async function compareRun(
  project: Project,
  runDir: string,
  summary: RunSummary,
  o: GateOptions,
  folded: RunRecords | undefined,
  rounds: SequentialRound[] | undefined,
  already: Compared | undefined,
): Promise<Compared> {
  const compared =
    already ??
    (await compareRunDir(project, runDir, summary, baselineSource(o), folded, o.reference));
  if (rounds?.length) compared.comparison.rounds = rounds;
  await writeFileAtomic(join(runDir, COMPARISON), jsonFile(compared.comparison));
  return compared;
}

/** Once decided: write the reports and update the baselines if asked. */
async function gateRun(
  project: Project,
  runDir: string,
  summary: RunSummary,
  { comparison, records }: Compared,
  decision: Decision,
  o: GateOptions,
): Promise<Gated> {
  const report = await buildReportInput({
    project,
    summary,
    comparison,
    decision: { exitCode: decision.exitCode, failure: decision.failure?.message },
    baseRef: o.baselineRef,
    fullReport: o.fullReportHint ?? `the run folder ${relative(project.config.root, runDir)}`,
  });
  const formats = [...new Set<ReportFormat>(["markdown", ...(o.reports ?? [])])];
  const reportFiles = await writeReports(runDir, report, formats);
  const refused = o.updateBaseline ? baselineRefusal(summary, Boolean(o.force)) : undefined;
  const baselinesWritten =
    o.updateBaseline && !refused ? await updateBaselines(project, records, runDir) : [];
  return { comparison, report, reportFiles, baselinesWritten, baselineRefused: refused };
}

/** Why a run must not become the baseline, or undefined when it may. */
function baselineRefusal(summary: RunSummary, force: boolean): string | undefined {
  if (force) return undefined;
  if (isPartial(summary))
    return "the run was partial (filtered, sharded or interrupted): a baseline must cover every case";
  const errors = summary.suites.reduce((n, s) => n + tally(s.errors), 0);
  if (errors > 0)
    return `the run had ${errors} failed call${errors === 1 ? "" : "s"}: their cases would enter the baseline as errors`;
  return undefined;
}
