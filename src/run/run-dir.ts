import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, type WriteStream } from "node:fs";
import { readdir, readFile, truncate } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { z } from "zod";
import type { Config } from "../config/types.js";
import { ConfigError, RunError, UsageError } from "../errors.js";
import { VERSION } from "../version.js";
import {
  RUN_SCHEMA_VERSION,
  routerAnswerSchema,
  runSummarySchema,
  trialResultSchema,
} from "./schema.js";
import type { RouterAnswer, TrialResult } from "./types.js";

export const RESULTS = "results.jsonl";
export const SUMMARY = "summary.json";
export const META = "run.json";
export const JOURNAL = "recordings.jsonl";
/** The comparison with the baselines, written when a complete run is gated. */
export const COMPARISON = "comparison.json";
export const CALLS = "calls.jsonl";
/** The LLM routers' answers, one line per router and case, written when a run completes. */
export const ROUTES = "routes.jsonl";

/** A new run folder's path, named by its start time (to the millisecond, so names sort) and a short random id. */
export function newRunDir(runsDir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").replace("Z", "");
  return join(runsDir, `${stamp}-${randomBytes(2).toString("hex")}`);
}

/**
 * Appends one JSON line per record, in order, as they come (trial results, the call log). The lines
 * of one turn of the event loop go to the file as one write (fifty calls ending together were
 * fifty writes of the stream's machinery); close() writes what is left.
 */
export class JsonlWriter<T> {
  private readonly stream: WriteStream;
  private failed: Error | undefined;
  private pending = "";
  private scheduled = false;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: "a" });
    this.stream.on("error", (err) => {
      this.failed = err;
    });
  }

  write(record: T): void {
    if (this.failed) throw new RunError(`cannot write to the run folder: ${this.failed.message}`);
    this.pending += `${JSON.stringify(record)}\n`;
    if (this.pending.length >= FLUSH_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending === "") return;
    this.stream.write(this.pending);
    this.pending = "";
  };

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve, reject) => {
      this.stream.end((err?: Error | null) =>
        err || this.failed ? reject(err ?? this.failed) : resolve(),
      );
    });
  }
}

/** Pending lines are written at once past this many characters. */
const FLUSH_AT = 1 << 20;

/**
 * Stream the trial results of a run folder, each line checked against the schema. A line cut
 * short by a kill (not JSON) is skipped: that trial is not done. A line that is JSON but not a
 * trial result is an error naming the file and line.
 */
export async function* readResults(dir: string): AsyncGenerator<TrialResult> {
  const file = join(dir, RESULTS);
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(file, { encoding: "utf8" });
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
  } catch {
    throw new RunError(
      `no ${RESULTS} in ${dir}`,
      "give the folder of a run, e.g. .llmops/runs/<id>",
    );
  }
  let n = 0;
  for await (const line of createInterface({
    input: stream,
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    n++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // The tail of a run that was killed mid-write: that trial is not done.
      continue;
    }
    const parsed = trialResultSchema.safeParse(value);
    if (!parsed.success) throw invalidFile(file, "trial result", parsed.error, n);
    yield parsed.data;
  }
}

/** The LLM routers' answers of a run folder; none when it has no routes.jsonl. */
export async function readRouterAnswers(dir: string): Promise<RouterAnswer[]> {
  const file = join(dir, ROUTES);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [];
  }
  const out: RouterAnswer[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const parsed = routerAnswerSchema.safeParse(value);
    if (!parsed.success) throw invalidFile(file, "router answer", parsed.error, i + 1);
    out.push(parsed.data);
  }
  return out;
}

/**
 * Read a JSON file of a run folder and validate it: an unknown `schemaVersion` is refused with
 * what was found and what this llmops reads, before any field is looked at.
 */
export async function readJson<S extends z.ZodType>(
  path: string,
  what: string,
  schema: S,
): Promise<z.infer<S>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new RunError(
      `cannot read ${what} at ${path}`,
      "give the folder of a run, e.g. .llmops/runs/<id>",
    );
  }
  checkVersion(path, value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidFile(path, what, parsed.error);
  return parsed.data;
}

/** Refuse a file written in a format this llmops does not read. */
export function checkVersion(path: string, value: unknown): void {
  const found =
    value && typeof value === "object"
      ? (value as { schemaVersion?: unknown }).schemaVersion
      : undefined;
  if (found === RUN_SCHEMA_VERSION) return;
  throw new ConfigError([
    {
      file: path,
      message: `schemaVersion ${found === undefined ? "missing" : JSON.stringify(found)}: this llmops (${VERSION}) reads schemaVersion ${RUN_SCHEMA_VERSION}`,
      hint:
        typeof found === "number" && found > RUN_SCHEMA_VERSION
          ? "it was written by a newer llmops: upgrade llmops (npm install -D llmops@latest) to read it"
          : "it was not written by this llmops: run the eval again to produce a folder this version reads",
    },
  ]);
}

function invalidFile(file: string, what: string, error: z.ZodError, line?: number): ConfigError {
  const issue = error.issues[0]!;
  const at = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return new ConfigError([
    {
      file,
      ...(line ? { line } : {}),
      message: `not a valid ${what}: ${at}${issue.message}`,
      hint: "the file was changed or written by another tool; run the eval again to produce it",
    },
  ]);
}

/**
 * Cut a JSON-lines file back to its last complete line, so appending after a kill neither glues
 * a new record onto a torn one (losing both) nor leaves the torn one behind. A missing file is
 * left missing.
 */
export async function repairJsonlTail(path: string): Promise<void> {
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch {
    return;
  }
  if (text.length > 0 && text[text.length - 1] !== 0x0a)
    await truncate(path, text.lastIndexOf(0x0a) + 1);
}

/** The newest run folder that finished writing its summary. */
/** A run as the user typed it: a run folder (relative to the current folder) or a run id. */
export function resolveRunDir(config: Config, cwd: string, ref: string): string {
  const asPath = resolve(cwd, ref);
  if (existsSync(asPath)) return asPath;
  const asId = join(resolve(config.root, config.paths.runs), ref);
  if (existsSync(asId)) return asId;
  throw new UsageError(
    `no run "${ref}"`,
    `give a run folder or a run id (a folder name in ${config.paths.runs})`,
  );
}

export async function latestRun(config: Config): Promise<string> {
  const dir = resolve(config.root, config.paths.runs);
  const names = (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const n of names) {
    try {
      await readJson(join(dir, n, SUMMARY), "summary", runSummarySchema);
      return join(dir, n);
    } catch {
      // A run still going, or killed before its summary: not a candidate.
    }
  }
  throw new RunError(
    `no finished run in ${config.paths.runs}`,
    "run llmops eval first, or name the run folders",
  );
}
