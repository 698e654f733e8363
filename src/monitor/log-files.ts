import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Problem } from "../errors.js";
import { globToRegExp } from "../suite/discover.js";

const LOG = /\.(jsonl|ndjson|json)(\.gz)?$/;

/**
 * Log files named by paths, folders or globs, relative to `base`, sorted. A pattern that matches
 * nothing is a problem: an empty window must not pass for a quiet one.
 */
export function findLogFiles(
  patterns: readonly string[],
  base: string,
  shownFrom: string,
): { files: { abs: string; file: string }[]; problems: Problem[] } {
  const out = new Set<string>();
  const problems: Problem[] = [];
  for (const p of patterns) {
    const abs = resolve(base, p);
    let found: string[];
    if (existsSync(abs))
      found = statSync(abs).isDirectory() ? walk(abs).filter((f) => LOG.test(f)) : [abs];
    else {
      const re = globToRegExp(abs.split("\\").join("/"));
      const root = staticPrefix(abs);
      found = existsSync(root) ? walk(root).filter((f) => re.test(f)) : [];
    }
    if (found.length === 0)
      problems.push({
        file: p,
        message: "no log files match",
        hint: "give .jsonl, .json or .gz files, a folder, or a quoted glob",
      });
    for (const f of found) out.add(f);
  }
  const files = [...out].sort().map((abs) => ({ abs, file: relative(shownFrom, abs) || abs }));
  return { files, problems };
}

function staticPrefix(abs: string): string {
  const parts = abs.split("/");
  const i = parts.findIndex((s) => /[*?[]/.test(s));
  return parts.slice(0, i < 0 ? parts.length : i).join("/") || "/";
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Shard i of n (1-based) of a sorted file list: every n-th file, so shards are near even. */
export function shardFiles<T>(
  files: readonly T[],
  shard: { index: number; count: number } | undefined,
): T[] {
  if (!shard) return [...files];
  return files.filter((_, i) => i % shard.count === shard.index - 1);
}
