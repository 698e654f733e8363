import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { ExitCode, type Problem } from "../errors.js";
import { checkMonitorFiles, MONITOR_SUFFIX } from "../monitor/load-monitor.js";
import { checkCodeScorers } from "../scorer/code-check.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";

export interface Validation {
  /** The project when every file is valid. */
  project: Project | undefined;
  /** Monitor files checked. */
  monitors: number;
  problems: Problem[];
  exitCode: ExitCode;
}

/**
 * `llmops validate`: every problem in every file, located; nothing is run. Monitor files
 * (*.monitor.yml) are checked too: all of them, or those named among the targets.
 */
export async function validate(o: { cwd: string; targets: string[] }): Promise<Validation> {
  const monitorTargets = o.targets.filter((t) => MONITOR_SUFFIX.test(t));
  const others = o.targets.filter((t) => !MONITOR_SUFFIX.test(t));
  const onlyMonitors = o.targets.length > 0 && others.length === 0;
  const problems: Problem[] = [];
  let project: Project | undefined;
  let monitors = 0;
  if (!onlyMonitors) {
    const loaded = await loadProject({ cwd: o.cwd, targets: others });
    project = loaded.project;
    problems.push(...loaded.problems);
    if (project) problems.push(...(await checkCodeScorers(project.suites, project.config.root)));
  }
  const { config, problems: configProblems } = await loadConfig(o.cwd);
  if (config) {
    const named = o.targets.length > 0 ? monitorTargets.map((t) => resolve(o.cwd, t)) : undefined;
    const checked = await checkMonitorFiles(config, o.cwd, named);
    monitors = checked.files;
    problems.push(...checked.problems);
  } else if (onlyMonitors) problems.push(...configProblems);
  if (problems.length) project = undefined;
  return {
    project,
    monitors,
    problems,
    exitCode: problems.length ? ExitCode.badInput : ExitCode.ok,
  };
}
