import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Config } from "../config/types.js";
import { RunError } from "../errors.js";
import type { TrialResult } from "./types.js";

export const RESULTS = "results.jsonl";
export const SUMMARY = "summary.json";
export const META = "run.json";
export const JOURNAL = "recordings.jsonl";
/** The comparison with the baselines, written when a complete run is gated. */
export const COMPARISON = "comparison.json";
export const CALLS = "calls.jsonl";

/** A new run folder's path, named by its start time (to the millisecond, so names sort) and a short random id. */
export function newRunDir(runsDir: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").replace("Z", "");
  return join(runsDir, `${stamp}-${randomBytes(2).toString("hex")}`);
}

/** Appends one JSON line per record, in order, as they come (trial results, the call log). */
export class JsonlWriter<T> {
  private readonly stream: WriteStream;
  private failed: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: "a" });
    this.stream.on("error", (err) => {
      this.failed = err;
    });
  }

  write(record: T): void {
    if (this.failed) throw new RunError(`cannot write to the run folder: ${this.failed.message}`);
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((err?: Error | null) =>
        err || this.failed ? reject(err ?? this.failed) : resolve(),
      );
    });
  }
}

/** Stream the trial results of a run folder; a last line cut short by a kill is skipped. */
export async function* readResults(dir: string): AsyncGenerator<TrialResult> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(join(dir, RESULTS), { encoding: "utf8" });
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
  for await (const line of createInterface({
    input: stream,
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as TrialResult;
    } catch {
      // The tail of a run that was killed mid-write: that trial is not done.
    }
  }
}

export async function readJson<T>(path: string, what: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    throw new RunError(
      `cannot read ${what} at ${path}`,
      "give the folder of a run, e.g. .llmops/runs/<id>",
    );
  }
}

/** The newest run folder that finished writing its summary. */
export async function latestRun(config: Config): Promise<string> {
  const dir = resolve(config.root, config.paths.runs);
  const names = (await readdir(dir).catch(() => [] as string[])).sort().reverse();
  for (const n of names) {
    try {
      await readJson(join(dir, n, SUMMARY), "summary");
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
