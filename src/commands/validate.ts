import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { ExitCode, type Problem } from "../errors.js";
import { checkMonitorFiles, MONITOR_SUFFIX } from "../monitor/load-monitor.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";

export interface Validation {
  /** The project when every file is valid. */
  project: Project | undefined;
  /** Monitor files checked. */
  monitors: number;
  problems: Problem[];
  /** Located warnings: what GitHub's tools would read otherwise; never fatal. */
  warnings: Problem[];
  exitCode: ExitCode;
}

/**
 * `llmops validate`: every problem in every file, located; nothing is run. Monitor files
 * (*.monitor.yml) are checked too: all of them, or those named among the targets.
 */
export async function validate(o: {
  cwd: string;
  targets: string[];
  strict?: boolean;
}): Promise<Validation> {
  const monitorTargets = o.targets.filter((t) => MONITOR_SUFFIX.test(t));
  const others = o.targets.filter((t) => !MONITOR_SUFFIX.test(t));
  const onlyMonitors = o.targets.length > 0 && others.length === 0;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let project: Project | undefined;
  let monitors = 0;
  if (!onlyMonitors) {
    const loaded = await loadProject({
      cwd: o.cwd,
      targets: others,
      ...(o.strict ? { strict: true } : {}),
    });
    project = loaded.project;
    problems.push(...loaded.problems);
    warnings.push(...loaded.warnings);
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
    warnings,
    exitCode: problems.length ? ExitCode.badInput : ExitCode.ok,
  };
}
