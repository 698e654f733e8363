import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../cli/io.js";
import type { main as Main } from "../cli/program.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(REPO_ROOT, "bin/llmops.js");

/** A temporary folder with the given files; removed by `cleanup`. */
export function tempProject(files: Record<string, string> = {}): {
  dir: string;
  write: (f: Record<string, string>) => void;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "llmops-test-"));
  const write = (f: Record<string, string>) => {
    for (const [rel, content] of Object.entries(f)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
  };
  write(files);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function gitInit(dir: string): (message: string, date?: string) => void {
  const run = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
  run("init", "-q", "-b", "main");
  run("config", "user.email", "test@example.com");
  run("config", "user.name", "Test Author");
  run("config", "commit.gpgsign", "false");
  return (message, date = "2026-01-01T12:00:00Z") => {
    run("add", "-A");
    execFileSync("git", ["commit", "-q", "-m", message], {
      cwd: dir,
      stdio: "pipe",
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (or the one at `bin`, e.g. an installed package's) as a subprocess. */
export function runCli(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; bin?: string },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

let built: typeof Main | undefined;

/**
 * Run the built CLI (the bundle bin/llmops.js loads) in this process with captured output: the
 * binary's code path minus bin/ and the process. The bundle is required with Node's own loader
 * (not vitest's module runner), so it loads once per vitest worker (test files share workers) in
 * ~0.4 s; the TypeScript sources through vitest's module runner took ~1.2 s, and a subprocess
 * costs ~1 s of CPU for every run.
 */
export async function runInProcess(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    cwd: opts.cwd,
    env: { NO_COLOR: "1", ...opts.env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    now: () => new Date(),
    onInterrupt: () => () => {},
  };
  built ??= (
    createRequire(import.meta.url)(join(REPO_ROOT, "dist/llmops-main.cjs")) as { main: typeof Main }
  ).main;
  const code = await built(args, io);
  return { code, stdout, stderr };
}
