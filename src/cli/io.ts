import { Chalk, type ChalkInstance } from "chalk";
import { terminalSafe } from "../util/terminal-text.js";

/** Everything a command touches outside itself, passed in so tests can run commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress bars, colours). */
  isTTY: boolean;
  /** Width of the terminal on stdout; absent when stdout is not one (tables then fit 80). */
  columns?: number;
  now: () => Date;
  /** Calls `handler` on Ctrl-C or SIGTERM until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
}

/** Set when the reader of stdout went away (`llmops eval | head`): what is left is not written. */
let stdoutGone = false;

/**
 * A closed pipe on stdout (EPIPE) is not an error of the run: llmops stops printing, finishes the
 * run (its folder is still written) and exits with the run's own code, without a stack trace.
 */
function ignoreClosedStdout(): void {
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    stdoutGone = true;
  });
}

/**
 * stdout for text that carries what models, logs or users wrote: escape sequences and control
 * characters removed (llmops' own colours kept) and workflow commands defused.
 */
export function safeStdout(io: Io): (text: string) => void {
  const keepColors = colors(io).level > 0;
  return (text) => io.stdout(terminalSafe(text, keepColors));
}

export function processIo(): Io {
  ignoreClosedStdout();
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => {
      if (!stdoutGone) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
    now: () => new Date(),
    onInterrupt: (handler) => {
      const onSignal = () => {
        noteInterrupt();
        handler();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      return () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      };
    },
  };
}

/** The longest the process lives after Ctrl-C or SIGTERM, whatever is still pending. */
const HARD_EXIT_MS = 15_000;
let interrupted = false;

function noteInterrupt(): void {
  if (interrupted) return;
  interrupted = true;
  // Unref'd: it fires only if something (a hung socket, a timer nobody can cancel) keeps the
  // process alive after the run has had its chance to drain and save.
  setTimeout(() => {
    process.stderr.write(
      `error still running ${HARD_EXIT_MS / 1000} s after the interrupt; exiting\n  hint: finished trials are saved in the run folder's results.jsonl; continue with llmops eval --resume <run>\n`,
    );
    process.exit(3);
  }, HARD_EXIT_MS).unref();
}

/**
 * After an interrupt, once the command has answered (summary saved, resume hint printed), end the
 * process: an SDK's retry wait it cannot cancel must not keep it alive for minutes.
 */
export function exitIfInterrupted(): void {
  if (!interrupted) return;
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}

/** Colours only on a terminal, never with NO_COLOR, always with FORCE_COLOR. */
export function colors(io: Io): ChalkInstance {
  const force = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0";
  const on = force || (io.isTTY && !io.env.NO_COLOR && io.env.TERM !== "dumb");
  return new Chalk({ level: on ? 1 : 0 });
}
