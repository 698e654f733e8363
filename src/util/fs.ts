import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

/** Suffix of every temporary file llmops writes: ignore it in git with `*.llmops-tmp`. */
export const TEMP_SUFFIX = ".llmops-tmp";

/**
 * Write a file so that readers see either the old content or the new, never half of it: write a
 * temporary file beside it, then rename over. The temporary file is hidden, named for llmops and
 * the writing process (`.<name>.<pid>-<random>.llmops-tmp`) so a kill leaves nothing `git add .`
 * would pick up unnoticed, and {@link removeStaleTemps} can tell it is abandoned.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<string>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`,
  );
  try {
    if (typeof data === "string" || data instanceof Uint8Array) await writeFile(tmp, data);
    else await writeChunks(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Text given in pieces, written in blocks of about 1 MB: the whole never sits in memory at once. */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const file = await open(path, "w");
  try {
    let block: string[] = [];
    let size = 0;
    for (const c of chunks) {
      block.push(c);
      size += c.length;
      if (size < 1 << 20) continue;
      await file.write(block.join(""));
      block = [];
      size = 0;
    }
    if (block.length) await file.write(block.join(""));
  } finally {
    await file.close();
  }
}

/**
 * JSON text in pieces, for files too big to build as one string: pretty-printed as
 * `JSON.stringify(value, null, 2)` does, except that each element of an array longer than
 * `compactOver` is one compact line (a 100,000-case comparison is a third the size, and is never
 * one string in memory). JSON.parse reads it as it reads the other.
 */
export function* jsonChunks(value: unknown, compactOver = 100, indent = ""): Generator<string> {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    yield "[\n";
    for (const [i, v] of value.entries()) {
      yield inner;
      if (value.length > compactOver) yield JSON.stringify(v) ?? "null";
      else yield* jsonChunks(v, compactOver, inner);
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    return yield `${indent}]`;
  }
  if (value === null || typeof value !== "object" || "toJSON" in value)
    return yield JSON.stringify(value) ?? "null";
  const entries = Object.entries(value).filter(
    ([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol",
  );
  if (entries.length === 0) return yield "{}";
  yield "{\n";
  for (const [i, [k, v]] of entries.entries()) {
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(v, compactOver, inner);
    yield i < entries.length - 1 ? ",\n" : "\n";
  }
  yield `${indent}}`;
}

/** A JSON file's text in pieces (jsonChunks and a final newline). */
export function* jsonFile(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield "\n";
}

/** Whether a process of this machine is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.llmops-tmp$/;
/** The temporary names of llmops before 0.2: `<name>.<8 hex>.tmp`. */
const LEGACY_TEMP_NAME = /^(.+)\.[0-9a-f]{8}\.tmp$/;
/** A temporary file lives milliseconds; one this old is abandoned whoever wrote it. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Remove the temporary files a killed llmops left in `dir` (and its sub-folders when `deep`):
 * ours whose process is gone or that are older than 10 minutes, and the old `*.<hex>.tmp` names.
 * Returns the files removed.
 */
export async function removeStaleTemps(dir: string, deep = false): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir, deep ? { recursive: true } : {});
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const base = basename(name);
    const ours = TEMP_NAME.exec(base);
    if (!ours && !LEGACY_TEMP_NAME.test(base)) continue;
    const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now());
    const stale = !ours || !alive(Number(ours[2])) || age > STALE_TEMP_MS;
    if (!stale) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** A lock older than this is taken over even if its process seems alive (pid reuse, NFS). */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Run `fn` holding an exclusive lock file (created with O_EXCL, holding pid, host and time).
 * A lock whose process is gone (same host) or that is older than 5 minutes is stale and taken
 * over; otherwise wait for it, up to `waitMs`.
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  waitMs = 60_000,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(
        JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }),
      );
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if (await lockIsStale(path)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw Object.assign(new Error(`${path} is held by another llmops process`), {
          code: "ELOCKED",
        });
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

async function lockIsStale(path: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    if (Date.now() - info.mtimeMs > STALE_LOCK_MS) return true;
    const holder = JSON.parse(text) as { pid?: number; host?: string };
    return holder.host === hostname() && typeof holder.pid === "number" && !alive(holder.pid);
  } catch {
    // Being written this very moment (empty) or gone already: not stale, look again.
    return false;
  }
}

/** Pretty JSON with sorted keys and a final newline: the format of every file meant for git. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, sortedReplacer, 2)}\n`;
}

function sortedReplacer(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = (value as Record<string, unknown>)[k];
    return out;
  }
  return value;
}
