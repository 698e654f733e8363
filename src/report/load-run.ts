import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Comparison } from "../compare/compare.js";
import { latestRun } from "../compare/diff.js";
import { loadProject } from "../config/load-project.js";
import { ConfigError } from "../errors.js";
import type { RunSummary } from "../run/eval.js";
import { COMPARISON } from "../run/evaluate.js";
import { readJson, SUMMARY } from "../run/run-dir.js";
import { buildReportInput } from "./build-input.js";
import type { ReportInput } from "./types.js";

/** The report input of a finished run folder (default: the latest run), without calling anything. */
export async function loadRunReport(
  cwd: string,
  runDir?: string,
  baseRef?: string,
): Promise<{ input: ReportInput; runDir: string }> {
  const { project, problems } = await loadProject({ cwd });
  if (!project) throw new ConfigError(problems);
  const dir = runDir ? resolve(cwd, runDir) : await latestRun(project);
  const summary = await readJson<RunSummary>(join(dir, SUMMARY), "the run's summary");
  const comparison = existsSync(join(dir, COMPARISON))
    ? await readJson<Comparison>(join(dir, COMPARISON), "the run's comparison")
    : null;
  const input = await buildReportInput({
    project,
    summary,
    comparison,
    baseRef,
    fullReport: `the run folder ${relative(project.config.root, dir)}`,
  });
  return { input, runDir: dir };
}
