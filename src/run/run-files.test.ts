/** Run-folder files, baselines and cache entries are validated when read back (issue 11, item 15). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readBaseline } from "../compare/baseline.js";
import type { Config } from "../config/types.js";
import { ConfigError } from "../errors.js";
import { ResponseCache } from "../provider/cache.js";
import { RESULTS, readJson, readResults, SUMMARY } from "./run-dir.js";
import { runMetaSchema, runSummarySchema } from "./schema.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llmops-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const meta = {
  schemaVersion: 1,
  id: "r1",
  startedAt: "2025-01-01T00:00:00.000Z",
  llmopsVersion: "0.1.0",
  git: { commit: null, dirty: false, user: null },
  ci: null,
  configDigest: "c",
  options: {
    targets: [],
    filter: [],
    models: [],
    trials: null,
    mode: "auto",
    cache: true,
    shard: null,
    maxCost: null,
    concurrency: 0,
    prune: false,
    judgeOnly: false,
    redact: false,
  },
};

const trial = {
  suite: "s",
  model: "m",
  case: "c1",
  trial: 0,
  promptVersion: "v",
  caseDigest: "d",
  requestKey: "k",
  output: "ok",
  scores: [],
  score: 1,
  pass: true,
  latencyMs: 1,
  ttftMs: null,
  usage: null,
  cost: null,
  finishReason: "stop",
  error: null,
  source: "live",
  judge: null,
};

async function rejection(p: Promise<unknown>): Promise<ConfigError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe("reading run folders back", () => {
  it("refuses an unknown schemaVersion: file, version found, version read, hint", async () => {
    const file = join(dir, SUMMARY);
    writeFileSync(file, JSON.stringify({ schemaVersion: 2, runId: "x" }));
    const err = await rejection(readJson(file, "the run's summary", runSummarySchema));
    expect(err.exitCode).toBe(2);
    expect(err.problems[0]).toMatchObject({
      file,
      message: expect.stringMatching(/^schemaVersion 2: this llmops \(.+\) reads schemaVersion 1$/),
      hint: expect.stringContaining("newer llmops"),
    });
  });

  it("refuses a file whose fields are not what llmops wrote, naming the field", async () => {
    const file = join(dir, "run.json");
    writeFileSync(file, JSON.stringify({ ...meta, options: { ...meta.options, mode: "psychic" } }));
    const err = await rejection(readJson(file, "the run to resume", runMetaSchema));
    expect(err.problems[0]!.message).toMatch(/^not a valid the run to resume: options\.mode: /);
    await expect(
      readJson(join(dir, "run.json").replace("run.json", "x.json"), "x", runMetaSchema),
    ).rejects.toThrow(/cannot read x/);
    writeFileSync(file, JSON.stringify(meta));
    expect((await readJson(file, "run", runMetaSchema)).options.mode).toBe("auto");
  });

  it("results.jsonl: a torn last line is skipped, a wrong line is refused with its line", async () => {
    const file = join(dir, RESULTS);
    writeFileSync(file, `${JSON.stringify(trial)}\n{"suite":"s","mod`);
    const read = async () => {
      const out = [];
      for await (const r of readResults(dir)) out.push(r);
      return out;
    };
    expect(await read()).toHaveLength(1);
    writeFileSync(file, `${JSON.stringify(trial)}\n${JSON.stringify({ ...trial, score: "1" })}\n`);
    const err = await rejection(read());
    expect(err.problems[0]).toMatchObject({ file, line: 2 });
    expect(err.problems[0]!.message).toMatch(/score/);
  });

  it("a baseline of another schemaVersion is refused, not half-read", async () => {
    mkdirSync(join(dir, "evals/baselines"), { recursive: true });
    writeFileSync(
      join(dir, "evals/baselines/s.json"),
      JSON.stringify({ schemaVersion: 3, suite: "s", prompt: "p", models: {} }),
    );
    const config = { root: dir, paths: { baselines: "evals/baselines" } } as Config;
    const err = await rejection(readBaseline(config, "s", { kind: "working-tree" }));
    expect(err.problems[0]!.message).toMatch(/schemaVersion 3; llmops .* reads schemaVersion 1/);
  });

  it("a cache entry that is not a response is a miss", async () => {
    const cache = new ResponseCache(dir);
    mkdirSync(join(dir, "ab"), { recursive: true });
    writeFileSync(join(dir, "ab/abcd.json"), JSON.stringify({ content: 1 }));
    expect(await cache.get("abcd")).toBeUndefined();
    await cache.put("abcd", { content: "hi", finishReason: "stop", latencyMs: 3 });
    expect(await cache.get("abcd")).toEqual({ content: "hi", finishReason: "stop", latencyMs: 3 });
  });
});

describe("repairJsonlTail", () => {
  it("cuts a torn last line so the next append starts a line of its own", async () => {
    const { repairJsonlTail } = await import("./run-dir.js");
    const { appendFileSync, readFileSync } = await import("node:fs");
    const file = join(dir, "recordings.jsonl");
    writeFileSync(file, '{"key":"a"}\n{"key":"b","ent');
    await repairJsonlTail(file);
    appendFileSync(file, '{"key":"c"}\n');
    expect(readFileSync(file, "utf8")).toBe('{"key":"a"}\n{"key":"c"}\n');
    await repairJsonlTail(join(dir, "missing.jsonl"));
  });
});
