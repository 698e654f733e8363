import { validate } from "../../commands/validate.js";
import { ConfigError } from "../../errors.js";
import type { Io } from "../io.js";
import { colors } from "../io.js";

export interface ValidateFlags {
  paths: string[];
  json?: boolean | undefined;
}

export async function validateCommand(flags: ValidateFlags, io: Io): Promise<number> {
  const { project, problems, exitCode } = await validate({ cwd: io.cwd, targets: flags.paths });
  if (flags.json) {
    io.stdout(`${JSON.stringify({ valid: problems.length === 0, problems }, null, 2)}\n`);
    return exitCode;
  }
  if (!project) throw new ConfigError(problems);
  const c = colors(io);
  const cases = project.suites.reduce((n, s) => n + s.cases.length, 0);
  const cfg = project.config.file ? `, config ${project.config.file}` : "";
  io.stdout(
    `${c.green("ok")} ${plural(project.prompts.length, "prompt")}, ${plural(project.suites.length, "suite")}, ${plural(cases, "case")}${cfg}: all valid\n`,
  );
  return exitCode;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
