import { ConfigError, ExitCode, formatProblem, LlmopsError } from "../errors.js";
import { colors, type Io } from "./io.js";

/** Print an error for people (no stack unless DEBUG=llmops) and return its exit code. */
export function reportError(err: unknown, io: Io): number {
  const c = colors(io);
  const debug = /\bllmops\b/.test(io.env.DEBUG ?? "");
  if (err instanceof ConfigError) {
    for (const p of err.problems) io.stderr(`${c.red("error")} ${formatProblem(p)}\n`);
    const n = err.problems.length;
    io.stderr(`${n} problem${n === 1 ? "" : "s"}; nothing was run.\n`);
  } else if (err instanceof LlmopsError) {
    io.stderr(`${c.red("error")} ${err.message}\n`);
    if (err.hint) io.stderr(`  hint: ${err.hint}\n`);
  } else {
    io.stderr(`${c.red("internal error")} ${(err as Error)?.message ?? String(err)}\n`);
    io.stderr(
      "  hint: this is a bug in llmops; run again with DEBUG=llmops and report the output\n",
    );
  }
  if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return err instanceof LlmopsError ? err.exitCode : ExitCode.runFailed;
}
