import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import type { Config } from "../config/types.js";
import { ConfigError, GitError } from "../errors.js";
import { refExists, showFile } from "../git/git.js";
import { stableJson, writeFileAtomic } from "../util/fs.js";
import { safeFileName } from "../util/safe-name.js";
import { VERSION } from "../version.js";
import { baselineSchema, COMPARE_SCHEMA_VERSION } from "./schema.js";

/** A suite's committed baseline: per model, per case, what the accepted version scored. */
export type Baseline = z.infer<typeof baselineSchema>;

/** Where a suite's baseline lives, relative to the project root. */
export function baselinePath(config: Config, suite: string): string {
  return join(config.paths.baselines, `${safeFileName(suite)}.json`);
}

/** Where baselines are read from: the working tree, or a git ref (e.g. origin/main in a PR). */
export type BaselineSource = { kind: "working-tree" } | { kind: "git"; ref: string };

/** Read a suite's baseline; undefined when it does not exist there (a new suite). */
export async function readBaseline(
  config: Config,
  suite: string,
  source: BaselineSource,
): Promise<Baseline | undefined> {
  const rel = baselinePath(config, suite);
  let text: string | undefined;
  if (source.kind === "git") text = await showFile(config.root, source.ref, `./${rel}`);
  else text = await readFile(join(config.root, rel), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([
      {
        file: rel,
        message: `baseline is not valid JSON: ${(err as Error).message}`,
        hint: "restore it from git or rewrite it with llmops eval --update-baseline",
      },
    ]);
  }
  const found = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (found !== COMPARE_SCHEMA_VERSION)
    throw new ConfigError([
      {
        file: rel,
        message: `baseline schemaVersion ${found === undefined ? "missing" : JSON.stringify(found)}; llmops ${VERSION} reads schemaVersion ${COMPARE_SCHEMA_VERSION}`,
        hint:
          typeof found === "number" && found > COMPARE_SCHEMA_VERSION
            ? "it was written by a newer llmops: upgrade llmops (npm install -D llmops@latest)"
            : "rewrite it with llmops eval --update-baseline",
      },
    ]);
  const parsed = baselineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError([
      {
        file: rel,
        message: `baseline ${issue.path.join(".")}: ${issue.message}`,
        hint: "rewrite it with llmops eval --update-baseline",
      },
    ]);
  }
  return parsed.data;
}

export async function checkRef(config: Config, ref: string): Promise<void> {
  if (!(await refExists(config.root, ref))) {
    throw new GitError(
      `--baseline-ref ${ref}: no such commit or branch`,
      "fetch it first (in CI: actions/checkout with fetch-depth: 0), e.g. git fetch origin main",
    );
  }
}

/**
 * Write a baseline: sorted keys, stable numbers, pretty, atomic. The same records give the same
 * bytes, so replaying the same recordings and updating again changes nothing.
 */
export async function writeBaseline(config: Config, baseline: Baseline): Promise<string> {
  const rel = baselinePath(config, baseline.suite);
  await writeFileAtomic(join(config.root, rel), stableJson(baseline));
  return rel;
}
