import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { comparisonSchema } from "../compare/schema.js";
import { ConfigError } from "../errors.js";
import { buildReportInput } from "../report/build-input.js";
import type { ReportInput } from "../report/types.js";
import { COMPARISON, latestRun, readJson, resolveRunDir, SUMMARY } from "../run/run-dir.js";
import { runSummarySchema } from "../run/schema.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";
import { decide } from "./decide.js";

/** The report input of a finished run folder (default: the latest run), without calling anything. */
export async function loadRunReport(
  cwd: string,
  runDir?: string,
  baseRef?: string,
): Promise<{ input: ReportInput; runDir: string; project: Project }> {
  const { project, problems } = await loadProject({ cwd });
  if (!project) throw new ConfigError(problems);
  const dir = runDir ? resolveRunDir(project.config, cwd, runDir) : await latestRun(project.config);
  const summary = await readJson(join(dir, SUMMARY), "the run's summary", runSummarySchema);
  const comparison = existsSync(join(dir, COMPARISON))
    ? await readJson(join(dir, COMPARISON), "the run's comparison", comparisonSchema)
    : null;
  // The same decision as the run's exit code (without --strict, which the run folder does not keep).
  const decision = decide({
    summary,
    comparison: comparison ?? undefined,
    runDirShown: relative(cwd, dir) || ".",
  });
  const input = await buildReportInput({
    project,
    summary,
    comparison,
    decision: { exitCode: decision.exitCode, failure: decision.failure?.message },
    baseRef,
    fullReport: `the run folder ${relative(project.config.root, dir)}`,
  });
  return { input, runDir: dir, project };
}
