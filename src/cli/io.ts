import { Chalk, type ChalkInstance } from "chalk";

/** Everything a command touches outside itself, passed in so tests can run commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress bars, colours). */
  isTTY: boolean;
  now: () => Date;
  /** Calls `handler` on Ctrl-C or SIGTERM until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}

/** Colours only on a terminal, never with NO_COLOR, always with FORCE_COLOR. */
export function colors(io: Io): ChalkInstance {
  const force = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0";
  const on = force || (io.isTTY && !io.env.NO_COLOR && io.env.TERM !== "dumb");
  return new Chalk({ level: on ? 1 : 0 });
}
