import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { loadProject } from "../config/load-project.js";
import type { Project } from "../config/types.js";
import { ConfigError, RunError } from "../errors.js";
import type { RunSummary } from "../run/eval.js";
import { readJson, readResults, SUMMARY } from "../run/run-dir.js";
import { type Baseline, type BaselineSource, checkRef } from "./baseline.js";
import { type Comparison, compareRuns } from "./compare.js";
import { compareRunDir, isPartial } from "./gate-run.js";
import { recordsFromResults } from "./records.js";

export interface DiffOptions {
  cwd: string;
  /** A run folder to compare against, instead of the baselines. */
  base?: string | undefined;
  /** The run folder to judge; default the latest run. */
  head?: string | undefined;
  baselineRef?: string | undefined;
}

export interface DiffResult {
  project: Project;
  base: string;
  head: string;
  comparison: Comparison;
}

/** The newest run folder that finished writing its summary. */
export async function latestRun(project: Project): Promise<string> {
  const dir = resolve(project.config.root, project.config.paths.runs);
  const names = (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const n of names) {
    try {
      await readJson(join(dir, n, SUMMARY), "summary");
      return join(dir, n);
    } catch {
      // A run still going, or killed before its summary: not a candidate.
    }
  }
  throw new RunError(
    `no finished run in ${project.config.paths.runs}`,
    "run llmops eval first, or name the run folders",
  );
}

/** `llmops diff`: compare two runs, or a run with the baselines, without calling any model. */
export async function diffRuns(o: DiffOptions): Promise<DiffResult> {
  const { project, problems } = await loadProject({ cwd: o.cwd });
  if (!project) throw new ConfigError(problems);
  const head = o.head ? resolve(o.cwd, o.head) : await latestRun(project);
  const summary = await readJson<RunSummary>(join(head, SUMMARY), "the run's summary");
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
    };
  }
  const baseDir = resolve(o.cwd, o.base);
  const baseRecords = await recordsFromResults(readResults(baseDir));
  const baselines = new Map<string, Baseline>(
    [...baseRecords].map(([suite, models]) => [
      suite,
      { schemaVersion: 1, suite, prompt: "", models: Object.fromEntries(models) },
    ]),
  );
  const candidate = await recordsFromResults(readResults(head));
  const gates = new Map(project.suites.map((s) => [s.name, s.gate]));
  const baseSummary = await readJson<RunSummary>(join(baseDir, SUMMARY), "the base run's summary");
  const comparison = compareRuns({
    candidate,
    baselines,
    gates,
    partial: isPartial(summary) || isPartial(baseSummary),
  });
  return { project, base: baseDir, head, comparison };
}
