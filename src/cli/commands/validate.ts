import { validate } from "../../commands/validate.js";
import { ConfigError, formatProblem } from "../../errors.js";
import type { Io } from "../io.js";
import { colors } from "../io.js";

export interface ValidateFlags {
  paths: string[];
  json?: boolean | undefined;
  /** A variable a prompt file's testData row lacks is an error, not a warning. */
  strict?: boolean | undefined;
}

export async function validateCommand(flags: ValidateFlags, io: Io): Promise<number> {
  const { project, monitors, problems, warnings, exitCode } = await validate({
    cwd: io.cwd,
    targets: flags.paths,
    ...(flags.strict ? { strict: true } : {}),
  });
  if (flags.json) {
    io.stdout(`${JSON.stringify({ valid: problems.length === 0, problems, warnings }, null, 2)}\n`);
    return exitCode;
  }
  const c = colors(io);
  for (const w of warnings) io.stderr(`${c.yellow("warning")} ${formatProblem(w)}\n`);
  if (problems.length) throw new ConfigError(problems);
  const parts: string[] = [];
  if (project) {
    const cases = project.suites.reduce((n, s) => n + s.cases.length, 0);
    parts.push(
      plural(project.prompts.length, "prompt"),
      plural(project.suites.length, "suite"),
      plural(cases, "case"),
    );
  }
  if (monitors) parts.push(plural(monitors, "monitor file"));
  const cfg = project?.config.file ? `, config ${project.config.file}` : "";
  io.stdout(`${c.green("ok")} ${parts.join(", ")}${cfg}: all valid\n`);
  return exitCode;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
