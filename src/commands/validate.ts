import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { ExitCode, type Problem } from "../errors.js";
import { checkMonitorFiles, MONITOR_SUFFIX } from "../monitor/load-monitor.js";
import {
  cacheUnfriendly,
  loadEncoder,
  MIN_CACHED_PREFIX,
  staticAroundFirstVariable,
} from "../provider/tokens.js";
import { checkCodeScorers } from "../scorer/code-check.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";

export interface Validation {
  /** The project when every file is valid. */
  project: Project | undefined;
  /** Monitor files checked. */
  monitors: number;
  problems: Problem[];
  /** Located warnings (what GitHub's tools would read otherwise, prompts the provider cannot cache): never fatal. */
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
    if (project) problems.push(...(await checkCodeScorers(project.suites, project.config.root)));
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
    warnings: project ? [...warnings, ...(await cacheWarnings(project))] : warnings,
    exitCode: problems.length ? ExitCode.badInput : ExitCode.ok,
  };
}

/** Prompts that put variables before a long static text, which the prompt cache cannot reuse. */
async function cacheWarnings(project: Project): Promise<Problem[]> {
  // A token is at least one byte: a prompt with too few bytes after its first variable skips the
  // tokenizer, whose tables take a second or more to load.
  const bytes = (t: string) => Buffer.byteLength(t);
  const suspects = project.prompts.filter(
    (p) => (staticAroundFirstVariable(bytes, p.messages)?.after ?? 0) >= MIN_CACHED_PREFIX,
  );
  if (suspects.length === 0) return [];
  const encode = await loadEncoder("o200k_base");
  const warnings: Problem[] = [];
  for (const p of suspects) {
    const w = cacheUnfriendly((t) => encode(t).length, p.messages);
    if (!w) continue;
    warnings.push({
      file: p.file,
      message: `{{${w.variable}}} in message ${w.message + 1} comes before ${w.after} static tokens (${w.before} before it): the provider caches only a shared prefix of 1,024 tokens or more, so no call of this prompt can hit the prompt cache`,
      hint: "put the static instructions and examples first and the variables last",
    });
  }
  return warnings;
}
