import { appendFileSync, closeSync, mkdirSync, openSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CORE_SCHEMA, load } from "js-yaml";
import { stringify } from "yaml";
import { z } from "zod";
import { validateText } from "../config/read-validated.js";
import { ConfigError } from "../errors.js";
import { withFileLock, writeFileAtomic } from "../util/fs.js";
import { sha256 } from "../util/hash.js";
import { getOrSet } from "../util/map.js";
import { safeFileName } from "../util/safe-name.js";
import { VERSION } from "../version.js";
import { deterministicFailures, sameAnswer } from "./stored.js";

const storedSchema = z.strictObject({
  content: z.string(),
  toolArguments: z.string().optional(),
  finishReason: z.string().nullable(),
  usage: z
    .strictObject({
      promptTokens: z.number(),
      completionTokens: z.number(),
      cachedTokens: z.number().optional(),
    })
    .optional(),
  latencyMs: z.number(),
  ttftMs: z.number().optional(),
});

/** A failure that depends on the request only (deterministicFailures): replayed as that error. */
const failureSchema = z.strictObject({
  error: z.strictObject({
    class: z.enum(deterministicFailures),
    message: z.string(),
  }),
  latencyMs: z.number(),
});

const entrySchema = z.strictObject({
  case: z.string(),
  trial: z.number().int().min(0),
  kind: z.enum(["model", "judge", "moderation", "router"]),
  scorer: z.string().optional(),
  response: z.union([storedSchema, failureSchema]),
});

const fileSchema = z.strictObject({
  version: z.literal(1),
  suite: z.string(),
  model: z.string(),
  note: z.string().optional(),
  entries: z.record(z.string(), entrySchema).nullable(),
});

export type FixtureEntry = z.infer<typeof entrySchema>;

/** The lock file held while recordings are merged into the fixture files. */
export const FIXTURE_LOCK = ".llmops-lock";
type FixtureFile = z.infer<typeof fileSchema>;

/** File-name form of a model name: openai/gpt-4o -> openai--gpt-4o */
export function modelSlug(model: string): string {
  return model.replace(/\//g, "--").replace(/[^A-Za-z0-9._-]+/g, "-");
}

/**
 * Recorded responses under fixtures/<suite>/<model>.yml: stable order, readable text, no ids or
 * timestamps, so a re-recorded response shows in git as a readable diff. New recordings go to a
 * journal in the run folder as they arrive (nothing is lost if the run is killed) and are merged
 * into the files, atomically, by `flush`.
 */
export class FixtureStore {
  private readonly loaded = new Map<string, Promise<Map<string, FixtureFile>>>();
  private readonly pending = new Map<
    string,
    { suite: string; model: string; entries: Map<string, FixtureEntry> }
  >();
  /** Keys recorded by this run, per suite: what --prune keeps. */
  private readonly used = new Map<string, Set<string>>();
  /** The journal, open for appending from the first recording until flush(). */
  private journalFd: number | undefined;

  constructor(
    private readonly root: string,
    private readonly dir: string,
    private readonly journal?: string,
    /** Applied to every recording before it is journaled or written (API keys, --redact). */
    private readonly redact: <T>(value: T) => T = (value) => value,
  ) {}

  private fileOf(suite: string, model: string): string {
    return join(this.dir, safeFileName(suite), `${modelSlug(model)}.yml`);
  }

  private loadSuite(suite: string): Promise<Map<string, FixtureFile>> {
    let p = this.loaded.get(suite);
    if (!p) {
      p = this.readSuite(suite);
      this.loaded.set(suite, p);
    }
    return p;
  }

  private async readSuite(suite: string): Promise<Map<string, FixtureFile>> {
    const files = new Map<string, FixtureFile>();
    let names: string[] = [];
    try {
      names = (await readdir(join(this.root, this.dir, safeFileName(suite))))
        .filter((n) => n.endsWith(".yml"))
        .sort();
    } catch {
      return files;
    }
    for (const name of names) {
      const rel = join(this.dir, safeFileName(suite), name);
      const text = await readFile(join(this.root, rel), "utf8");
      const parsed = await readParsed(this.root, rel, text);
      if (parsed) {
        files.set(rel, parsed.data);
        continue;
      }
      // Fast path: plain parse and check; only a bad file is parsed again for located problems.
      const fast = fileSchema.safeParse(safeParse(text));
      if (fast.success) {
        files.set(rel, fast.data);
        await writeParsed(this.root, rel, text, fast.data);
        continue;
      }
      const v = validateText(text, rel, fileSchema);
      if (!v.data)
        throw new ConfigError(
          v.problems.map((p) => ({ ...p, hint: p.hint ?? "re-record with llmops eval --record" })),
        );
      files.set(rel, v.data);
    }
    return files;
  }

  /**
   * The recorded response for a request key, if any. Not marked used: --prune runs only with
   * --record, which reads no recording, and a replay of 100,000 cases would keep every key.
   */
  async get(suite: string, key: string): Promise<FixtureEntry | undefined> {
    for (const p of this.pending.values()) {
      const e = p.suite === suite ? p.entries.get(key) : undefined;
      if (e) return e;
    }
    for (const file of (await this.loadSuite(suite)).values()) {
      const e = file.entries?.[key];
      if (e) return e;
    }
    return undefined;
  }

  /** Completion tokens of every recorded model answer of a suite on a model (for estimates). */
  async completionTokens(suite: string, model: string): Promise<number[]> {
    const out: number[] = [];
    for (const file of (await this.loadSuite(suite)).values()) {
      if (file.model !== model) continue;
      for (const e of Object.values(file.entries ?? {}))
        if (e.kind === "model" && "usage" in e.response && e.response.usage)
          out.push(e.response.usage.completionTokens);
    }
    return out;
  }

  private markUsed(suite: string, key: string): void {
    getOrSet(this.used, suite, () => new Set<string>()).add(key);
  }

  /** Record a live response; it is journaled at once and written to fixtures by flush(). */
  async record(suite: string, model: string, key: string, raw: FixtureEntry): Promise<void> {
    const entry = this.redact(raw);
    this.markUsed(suite, key);
    const file = this.fileOf(suite, model);
    const p = getOrSet(this.pending, file, () => ({
      suite,
      model,
      entries: new Map<string, FixtureEntry>(),
    }));
    p.entries.set(key, entry);
    if (this.journal) this.journalLine(`${JSON.stringify({ suite, model, key, entry })}\n`);
  }

  /**
   * Append a line to the journal before the call's result is written anywhere else, in one
   * synchronous write to a file kept open: an mkdir, open, write and close through the thread
   * pool a recording cost a 5,000-case --record ~2 s of its main thread (CPU profile).
   */
  private journalLine(line: string): void {
    if (this.journalFd === undefined) {
      mkdirSync(dirname(this.journal!), { recursive: true });
      this.journalFd = openSync(this.journal!, "a");
    }
    appendFileSync(this.journalFd, line);
  }

  private closeJournal(): void {
    if (this.journalFd === undefined) return;
    closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  /** Take in the journal of an interrupted run, so resuming it writes everything it recorded. */
  async restoreJournal(): Promise<number> {
    if (!this.journal) return 0;
    let text = "";
    try {
      text = await readFile(this.journal, "utf8");
    } catch {
      return 0;
    }
    let n = 0;
    for (const line of text.split("\n")) {
      try {
        const { suite, model, key, entry } = JSON.parse(line) as {
          suite: string;
          model: string;
          key: string;
          entry: FixtureEntry;
        };
        const file = this.fileOf(suite, model);
        const p = getOrSet(this.pending, file, () => ({
          suite,
          model,
          entries: new Map<string, FixtureEntry>(),
        }));
        p.entries.set(key, entry);
        // Recorded by this run before it was interrupted: --prune keeps it.
        this.markUsed(suite, key);
        n++;
      } catch {
        // A line cut short by a kill is skipped: its call is made again.
      }
    }
    return n;
  }

  /**
   * Merge recordings into the fixture files. An entry whose answer did not change keeps its old
   * timings, so re-recording an unchanged suite leaves the files byte-identical. With `prune`,
   * entries of the given suites that this run did not use are removed.
   */
  async flush(prune: Set<string> = new Set()): Promise<string[]> {
    this.closeJournal();
    if (this.pending.size === 0 && prune.size === 0) return [];
    // Another run may be recording into the same files: merge into what is on disk now, under an
    // exclusive lock, never into the copy read when this run started.
    return withFileLock(join(this.root, this.dir, FIXTURE_LOCK), () => {
      this.loaded.clear();
      return this.merge(prune);
    });
  }

  private async merge(prune: Set<string>): Promise<string[]> {
    const touched = new Set<string>([...this.pending.keys()]);
    for (const suite of prune)
      for (const rel of (await this.loadSuite(suite)).keys()) touched.add(rel);
    const written: string[] = [];
    for (const rel of [...touched].sort()) {
      const pending = this.pending.get(rel);
      const suite = pending?.suite ?? rel.split("/").slice(-2, -1)[0]!;
      const existing = (await this.loadSuite(suite)).get(rel);
      const entries = new Map(Object.entries(existing?.entries ?? {}));
      for (const [key, e] of pending?.entries ?? []) {
        const old = entries.get(key);
        entries.set(
          key,
          old && sameAnswer(old.response, e.response) ? { ...e, response: old.response } : e,
        );
      }
      if (prune.has(suite)) {
        const used = this.used.get(suite) ?? new Set();
        for (const key of [...entries.keys()]) if (!used.has(key)) entries.delete(key);
      }
      const file: FixtureFile = {
        version: 1,
        suite,
        model: pending?.model ?? existing?.model ?? "",
        ...(existing?.note ? { note: existing.note } : {}),
        entries: Object.fromEntries(
          [...entries].sort(([ka, a], [kb, b]) => compareEntries(ka, a, kb, b)),
        ),
      };
      if (!existing || !sameText(formatFixture(file), formatFixture(existing))) {
        await writeFileAtomic(join(this.root, rel), formatFixture(file));
        written.push(rel);
      }
    }
    this.pending.clear();
    this.loaded.clear();
    return written;
  }
}

function compareEntries(ka: string, a: FixtureEntry, kb: string, b: FixtureEntry): number {
  return (
    a.case.localeCompare(b.case) ||
    a.trial - b.trial ||
    a.kind.localeCompare(b.kind) ||
    (a.scorer ?? "").localeCompare(b.scorer ?? "") ||
    ka.localeCompare(kb)
  );
}

const YAML_OPTIONS = {
  lineWidth: 0,
  blockQuote: "literal",
  sortMapEntries: false,
  aliasDuplicateObjects: false,
} as const;

/**
 * A fixture file's text, in pieces: the header, then each entry as its own small YAML document
 * indented under `entries:`. The text is exactly what one stringify of the whole file gives (a
 * test holds them equal), but the parser's node tree never holds more than one entry: for the
 * whole file it took ~3 KB an entry at once (a 20,000-case --record peaked 67 MB above its run).
 */
export function* formatFixture(file: FixtureFile): Generator<string> {
  yield `# Recorded responses of suite ${file.suite}, model ${file.model}. Written by llmops eval --record;\n# entries are keyed by a hash of the request. Review changes like code.\n`;
  const entries = Object.entries(file.entries ?? {});
  // Entries last, as llmops writes them; a hand-written file with them elsewhere is the exception.
  if (entries.length === 0 || Object.keys(file).at(-1) !== "entries")
    return yield stringify(file, YAML_OPTIONS);
  const head = stringify({ ...file, entries: {} }, YAML_OPTIONS);
  yield `${head.slice(0, head.lastIndexOf("entries: {}"))}entries:\n`;
  // Nested one level deeper, every line of an entry moves two spaces right; empty lines (in a
  // block scalar) stay empty, as the whole-file stringify leaves them.
  for (const [key, entry] of entries)
    yield stringify({ [key]: entry }, YAML_OPTIONS).replace(/^(?=.)/gm, "  ");
}

/** Whether two texts in pieces are the same text (pieces of equal files line up, entry by entry). */
function sameText(a: Iterable<string>, b: Iterable<string>): boolean {
  const ib = b[Symbol.iterator]();
  for (const x of a) {
    const y = ib.next();
    if (y.done || y.value !== x) return false;
  }
  return ib.next().done === true;
}

/**
 * A checked recording, kept as JSON under .llmops/parsed/ with the hash of the YAML it came from:
 * the next replay of an unchanged file reads it in a few ms instead of parsing and checking the
 * YAML again (~50 ms a 1,000-entry file on a quiet machine, 300 ms under load; the first
 * function compiled cold). A changed file, or a missing or unreadable copy, is parsed as before.
 */
interface ParsedCopy {
  sha256: string;
  data: FixtureFile;
}

/** Flat and named by a hash: a fixtures folder outside the project (../) stays inside .llmops. */
function parsedPath(root: string, rel: string): string {
  return join(root, ".llmops/parsed", `${sha256(rel).slice(0, 24)}.json`);
}

/** The copy holds for this file's text, read by this llmops (a new version may check more). */
function stamp(text: string): string {
  return sha256(`${VERSION}\n${text}`);
}

async function readParsed(
  root: string,
  rel: string,
  text: string,
): Promise<ParsedCopy | undefined> {
  try {
    const copy = JSON.parse(await readFile(parsedPath(root, rel), "utf8")) as ParsedCopy;
    return copy.sha256 === stamp(text) ? copy : undefined;
  } catch {
    return undefined;
  }
}

async function writeParsed(root: string, rel: string, text: string, data: FixtureFile) {
  const path = parsedPath(root, rel);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, JSON.stringify({ sha256: stamp(text), data } satisfies ParsedCopy));
  } catch {
    // Only a speed-up: a read-only checkout replays from the YAML every time.
  }
}

/**
 * Recordings are read with js-yaml (core schema: YAML 1.2 semantics, no timestamps): a
 * 5,000-entry file parses in ~80 ms and ~20 MB where the position-keeping parser takes ~1 s and
 * ~120 MB. Any file it cannot read is parsed again by the located path for its problems.
 */
function safeParse(text: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}
