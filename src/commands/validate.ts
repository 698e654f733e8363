import { ExitCode, type Problem } from "../errors.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";

export interface Validation {
  /** The project when every file is valid. */
  project: Project | undefined;
  problems: Problem[];
  exitCode: ExitCode;
}

/** `llmops validate`: every problem in every file, located; nothing is run. */
export async function validate(o: { cwd: string; targets: string[] }): Promise<Validation> {
  const { project, problems } = await loadProject({ cwd: o.cwd, targets: o.targets });
  return { project, problems, exitCode: problems.length ? ExitCode.badInput : ExitCode.ok };
}
