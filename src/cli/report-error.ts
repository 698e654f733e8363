import { ConfigError, ExitCode, formatProblem, LlmopsError } from "../errors.js";
import { terminalSafe } from "../util/terminal-text.js";
import { colors, type Io } from "./io.js";

/** Print an error for people (no stack unless DEBUG=llmops) and return its exit code. */
export function reportError(err: unknown, io: Io): number {
  const c = colors(io);
  // Messages quote user files and model answers: no escape sequence or workflow command of theirs.
  const say = (text: string) => io.stderr(terminalSafe(text, c.level > 0));
  const debug = /\bllmops\b/.test(io.env.DEBUG ?? "");
  if (err instanceof ConfigError) {
    for (const p of err.problems) say(`${c.red("error")} ${formatProblem(p)}\n`);
    const n = err.problems.length;
    say(`${n} problem${n === 1 ? "" : "s"}; nothing was run.\n`);
  } else if (err instanceof LlmopsError) {
    say(`${c.red("error")} ${err.message}\n`);
    if (err.hint) say(`  hint: ${err.hint}\n`);
  } else {
    say(`${c.red("internal error")} ${(err as Error)?.message ?? String(err)}\n`);
    say("  hint: this is a bug in llmops; run again with DEBUG=llmops and report the output\n");
  }
  if (debug && err instanceof Error && err.stack) say(`${err.stack}\n`);
  return err instanceof LlmopsError ? err.exitCode : ExitCode.runFailed;
}
