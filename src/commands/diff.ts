import { join } from "node:path";
import { type Baseline, type BaselineSource, checkRef } from "../compare/baseline.js";
import { type Comparison, compareRuns } from "../compare/compare.js";
import { compareRunDir, isPartial } from "../compare/gate-run.js";
import { recordsFromResults } from "../compare/records.js";
import { ConfigError, ExitCode } from "../errors.js";
import { type Headline, headline } from "../report/verdict.js";
import { latestRun, readJson, readResults, resolveRunDir, SUMMARY } from "../run/run-dir.js";
import { runSummarySchema } from "../run/schema.js";
import type { RunSummary } from "../run/types.js";
import { suiteGroups } from "../suite/groups.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";

export interface DiffOptions {
  cwd: string;
  /** A run folder to compare against, instead of the baselines. */
  base?: string | undefined;
  /** The run folder to judge; default the latest run. */
  head?: string | undefined;
  baselineRef?: string | undefined;
  /** INCONCLUSIVE fails too. */
  strict?: boolean | undefined;
}

export interface DiffResult {
  project: Project;
  base: string;
  head: string;
  comparison: Comparison;
  exitCode: ExitCode;
  /** The first line to show, derived from the exit code decided here. */
  headline: Headline;
}

/** `llmops diff`: compare two runs, or a run with the baselines, without calling any model. */
export async function diffRuns(o: DiffOptions): Promise<DiffResult> {
  const r = await compareForDiff(o);
  const verdict = r.comparison.verdict;
  const failed = verdict === "fail" || (o.strict === true && verdict === "inconclusive");
  const exitCode = failed ? ExitCode.gateFailed : ExitCode.ok;
  const { summary, ...rest } = r;
  const head = headline(summary, r.comparison, { exitCode, failure: undefined });
  return { ...rest, exitCode, headline: head };
}

async function compareForDiff(
  o: DiffOptions,
): Promise<Omit<DiffResult, "exitCode" | "headline"> & { summary: RunSummary }> {
  const { project, problems } = await loadProject({ cwd: o.cwd });
  if (!project) throw new ConfigError(problems);
  const head = o.head
    ? resolveRunDir(project.config, o.cwd, o.head)
    : await latestRun(project.config);
  const summary = await readJson(join(head, SUMMARY), "the run's summary", runSummarySchema);
  if (!o.base) {
    const source: BaselineSource = o.baselineRef
      ? { kind: "git", ref: o.baselineRef }
      : { kind: "working-tree" };
    if (o.baselineRef) await checkRef(project.config, o.baselineRef);
    const { comparison } = await compareRunDir(project, head, summary, source);
    return {
      project,
      base: o.baselineRef ? `baselines at ${o.baselineRef}` : "baselines",
      head,
      comparison,
      summary,
    };
  }
  const baseDir = resolveRunDir(project.config, o.cwd, o.base);
  const baseRecords = await recordsFromResults(readResults(baseDir));
  const baselines = new Map<string, Baseline>(
    [...baseRecords].map(([suite, models]) => [
      suite,
      { schemaVersion: 1, suite, prompt: "", models: Object.fromEntries(models) },
    ]),
  );
  const candidate = await recordsFromResults(readResults(head));
  const gates = new Map(project.suites.map((s) => [s.name, s.gate]));
  const baseSummary = await readJson(
    join(baseDir, SUMMARY),
    "the base run's summary",
    runSummarySchema,
  );
  const comparison = compareRuns({
    candidate,
    baselines,
    gates,
    groups: suiteGroups(project.suites),
    partial: isPartial(summary) || isPartial(baseSummary),
  });
  return { project, base: baseDir, head, comparison, summary };
}
