import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ScorerOf } from "../config/schema/scorers.js";
import { getOrSet } from "../util/map.js";
import type { RawScore, ScoreContext, ScorerImpl } from "./types.js";
import { clip } from "./values.js";

/** What your own scorer sees besides the output. */
export interface CodeScorerContext {
  suite: string;
  case: string;
  vars: Record<string, unknown>;
  expected: unknown;
  messages: readonly { role: string; content: unknown }[];
  usage: { promptTokens: number; completionTokens: number } | null;
  latencyMs: number;
  cost: number | null;
}

function codeContext(ctx: ScoreContext): CodeScorerContext {
  const u = ctx.completion.usage;
  return {
    suite: ctx.suite.name,
    case: ctx.case.id,
    vars: ctx.case.vars,
    expected: ctx.case.expected ?? null,
    messages: ctx.messages ?? [],
    usage: u ? { promptTokens: u.promptTokens, completionTokens: u.completionTokens } : null,
    latencyMs: ctx.completion.latencyMs,
    cost: ctx.cost ?? null,
  };
}

/** The folder a suite's own scorers are resolved from: the suite file's. */
function suiteDir(ctx: Pick<ScoreContext, "root" | "suite">): string {
  return dirname(resolve(ctx.root ?? process.cwd(), ctx.suite.file));
}

/**
 * A scorer's answer as a raw score: a number in [0,1], a boolean, or {score?, pass?, reason?}.
 * Anything else is the scorer's error, said in words.
 */
export function codeVerdict(answer: unknown): RawScore {
  if (typeof answer === "boolean")
    return { value: answer ? 1 : 0, reason: answer ? "pass" : "fail" };
  if (typeof answer === "number")
    return Number.isFinite(answer)
      ? { value: answer, reason: `score ${answer}` }
      : { value: 0, reason: `scorer returned ${answer}`, error: "scorer" };
  if (answer && typeof answer === "object" && !Array.isArray(answer)) {
    const a = answer as { score?: unknown; pass?: unknown; reason?: unknown };
    const score = typeof a.score === "number" && Number.isFinite(a.score) ? a.score : undefined;
    const pass = typeof a.pass === "boolean" ? a.pass : undefined;
    if (score === undefined && pass === undefined)
      return {
        value: 0,
        reason: `scorer returned ${clip(JSON.stringify(answer), 60)}: give a numeric score or a boolean pass`,
        error: "scorer",
      };
    const reason =
      typeof a.reason === "string" && a.reason
        ? a.reason
        : pass !== undefined
          ? pass
            ? "pass"
            : "fail"
          : `score ${score}`;
    return {
      value: score ?? (pass ? 1 : 0),
      reason,
      ...(pass !== undefined ? { pass } : {}),
    };
  }
  return {
    value: 0,
    reason: `scorer returned ${clip(JSON.stringify(answer) ?? String(answer), 60)}: expected a number, a boolean or {score, pass, reason}`,
    error: "scorer",
  };
}

type ScoreFn = (output: string, context: CodeScorerContext) => unknown;

/** Modules are imported once per process (one run), however many cases use them. */
const modules = new Map<string, Promise<ScoreFn>>();

/** Import a script scorer's function; throws an Error whose message says what is wrong. */
export function loadScriptScorer(file: string, exportName: string | undefined): Promise<ScoreFn> {
  return getOrSet(modules, `${file}#${exportName ?? ""}`, async () => {
    if (!existsSync(file)) throw new Error(`module ${file} does not exist`);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === "ERR_UNKNOWN_FILE_EXTENSION" && /\.[cm]?ts$/.test(file))
        throw new Error(
          `this Node (${process.version}) cannot import TypeScript (${extname(file)}): compile the scorer to .js (tsc), or use Node 22.18 or later, which strips types`,
        );
      throw new Error(`module ${file} failed to load: ${e.message}`);
    }
    const name = exportName ?? "default";
    let fn = mod[name];
    // A CommonJS module.exports = fn arrives as the default export; module.exports = {score} as .default.score.
    if (typeof fn !== "function" && exportName && mod.default && typeof mod.default === "object")
      fn = (mod.default as Record<string, unknown>)[exportName];
    if (typeof fn !== "function") {
      const has = Object.keys(mod).filter((k) => typeof mod[k] === "function");
      throw new Error(
        `module ${file} has no ${exportName ? `export "${exportName}"` : "default export"} that is a function${has.length ? ` (functions it exports: ${has.join(", ")})` : ""}`,
      );
    }
    return fn as ScoreFn;
  });
}

/** The first stack frame in the scorer's own module, as file:line:col relative to the root. */
function frameIn(err: unknown, file: string, root: string): string | undefined {
  const stack = err instanceof Error ? err.stack : undefined;
  if (!stack) return undefined;
  const url = pathToFileURL(file).href;
  for (const line of stack.split("\n")) {
    const at = line.indexOf(url) >= 0 ? line.indexOf(url) : line.indexOf(file);
    if (at < 0) continue;
    const m = /:(\d+):(\d+)\)?\s*$/.exec(line);
    const rel = relative(root, file.startsWith("file:") ? fileURLToPath(file) : file);
    return m ? `${rel}:${m[1]}:${m[2]}` : rel;
  }
  return undefined;
}

export const script: ScorerImpl<"script"> = {
  async score(c, ctx) {
    const file = resolve(suiteDir(ctx), c.module);
    const root = ctx.root ?? process.cwd();
    let fn: ScoreFn;
    try {
      fn = await loadScriptScorer(file, c.export);
    } catch (err) {
      return { value: 0, reason: (err as Error).message, error: "scorer" };
    }
    try {
      return codeVerdict(await fn(ctx.output, codeContext(ctx)));
    } catch (err) {
      const where = frameIn(err, file, root);
      const message = err instanceof Error ? err.message : String(err);
      return {
        value: 0,
        reason: `scorer threw: ${message}${where ? ` (at ${where})` : ""}`,
        error: "scorer",
      };
    }
  },
};

/** The argument list of an exec scorer's command. */
export function execArgv(command: string | string[]): string[] {
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

/** Where a command's program is: a path (relative to `cwd`) or a name on PATH; undefined if nowhere. */
export function findProgram(program: string, cwd: string): string | undefined {
  if (program.includes("/") || program.includes("\\") || isAbsolute(program)) {
    const p = resolve(cwd, program);
    return existsSync(p) ? p : undefined;
  }
  const exts = process.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""];
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean))
    for (const ext of exts)
      if (existsSync(join(dir, program + ext))) return join(dir, program + ext);
  return undefined;
}

/** A counting semaphore per command: at most `limit` copies at once. */
const slots = new Map<string, { running: number; waiting: (() => void)[] }>();

async function withSlot<T>(key: string, limit: number, run: () => Promise<T>): Promise<T> {
  const s = getOrSet(slots, key, () => ({ running: 0, waiting: [] as (() => void)[] }));
  while (s.running >= limit) await new Promise<void>((r) => s.waiting.push(r));
  s.running++;
  try {
    return await run();
  } finally {
    s.running--;
    s.waiting.shift()?.();
  }
}

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_CONCURRENCY = 4;
const MAX_OUTPUT = 1 << 20;

/** Run the command with the case as JSON on stdin; its stdout's JSON is the verdict. */
function runCommand(
  c: ScorerOf<"exec">,
  cwd: string,
  input: string,
  signal: AbortSignal | undefined,
): Promise<RawScore> {
  const [program, ...args] = execArgv(c.command);
  const timeout = c.timeout ?? DEFAULT_TIMEOUT;
  return new Promise((done) => {
    const child = spawn(program!, args, { cwd, stdio: ["pipe", "pipe", "pipe"], signal });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeout);
    child.stdout.on("data", (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString("utf8");
    });
    child.stdin.on("error", () => {}); // a command that does not read stdin is fine
    child.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done({
        value: 0,
        reason:
          err.code === "ENOENT"
            ? `command not found: ${program}`
            : `command ${program} failed to start: ${err.message}`,
        error: "scorer",
      });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const lastErr = stderr.trim().split("\n").slice(-1)[0] ?? "";
      if (timedOut)
        return done({ value: 0, reason: `command timed out after ${timeout} ms`, error: "scorer" });
      if (code !== 0)
        return done({
          value: 0,
          reason: `command exited with ${code}${lastErr ? `: ${clip(lastErr, 160)}` : ""}`,
          error: "scorer",
        });
      let answer: unknown;
      try {
        answer = JSON.parse(stdout);
      } catch {
        return done({
          value: 0,
          reason: `command printed no JSON: "${clip(stdout, 60)}"`,
          error: "scorer",
        });
      }
      done(codeVerdict(answer));
    });
    child.stdin.end(input);
  });
}

export const exec: ScorerImpl<"exec"> = {
  score(c, ctx) {
    const cwd = suiteDir(ctx);
    const input = JSON.stringify({ output: ctx.output, ...codeContext(ctx) });
    const key = `${cwd}\0${execArgv(c.command).join("\0")}`;
    return withSlot(key, c.concurrency ?? DEFAULT_CONCURRENCY, () =>
      runCommand(c, cwd, input, ctx.signal),
    );
  },
};
