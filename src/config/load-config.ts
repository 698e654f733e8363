import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Problem } from "../errors.js";
import { didYouMeanHint } from "../util/did-you-mean.js";
import { digest } from "../util/hash.js";
import { readValidated } from "./read-validated.js";
import { type ConfigFileData, configFileSchema } from "./schema/config.js";
import type { Config } from "./types.js";
import { locate } from "./yaml-source.js";

export const CONFIG_NAMES = ["llmops.yaml", "llmops.yml"] as const;

/**
 * The project root: the nearest folder upwards holding llmops.yaml, else the nearest git
 * work tree, else the working directory.
 */
export function findRoot(cwd: string): { root: string; configPath: string | undefined } {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return { root: dir, configPath: p };
    }
    if (dirname(dir) === dir) break;
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return { root: dir, configPath: undefined };
    if (dirname(dir) === dir) break;
  }
  return { root: cwd, configPath: undefined };
}

/**
 * Whether `cwd` is inside a project llmops may scan: under a folder with llmops.yaml, inside a git
 * work tree, or a folder with prompts/, evals/ or llmops files of its own. Anything else (an empty folder, /tmp, a home
 * folder) is not scanned: its files are somebody else's.
 */
export function inProject(cwd: string): boolean {
  const { root, configPath } = findRoot(cwd);
  if (configPath || existsSync(join(root, ".git"))) return true;
  if (["prompts", "evals"].some((d) => existsSync(join(cwd, d)))) return true;
  return readdirSync(cwd).some((n) => /\.(eval|prompt)\.ya?ml$/.test(n));
}

/** The hint for a folder that is no llmops project (yet). */
export const INIT_HINT =
  "run `npx llmops init` here to start one (llmops.yaml, a prompt, a suite, a CI workflow), or cd into your project";

export const DEFAULT_PROVIDER = "openai";

/** Fill every default of llmops.yaml. */
export function resolveConfig(
  root: string,
  file: string | undefined,
  data: ConfigFileData,
): Config {
  const providers =
    data.providers && Object.keys(data.providers).length > 0
      ? data.providers
      : { [DEFAULT_PROVIDER]: { type: "openai" as const } };
  return {
    root,
    file,
    providers,
    models: data.models ?? {},
    judge: data.judge,
    concurrency: data.concurrency ?? 8,
    ...(data.batchDiscount !== undefined ? { batchDiscount: data.batchDiscount } : {}),
    paths: {
      baselines: data.paths?.baselines ?? "evals/baselines",
      fixtures: data.paths?.fixtures ?? "fixtures",
      runs: data.paths?.runs ?? ".llmops/runs",
    },
    gate: data.gate ?? {},
    ...(data.paths?.prompts ? { promptGlobs: data.paths.prompts } : {}),
    digest: digest(data),
  };
}

/** Load llmops.yaml (when present) below `cwd`'s project root. */
export async function loadConfig(cwd: string): Promise<{ config?: Config; problems: Problem[] }> {
  const { root, configPath } = findRoot(cwd);
  if (!configPath) return { config: resolveConfig(root, undefined, {}), problems: [] };
  const file = configPath.slice(root.length + 1);
  const { data, source, problems } = await readValidated(configPath, file, configFileSchema);
  if (!data || !source) return { problems };
  const extra: Problem[] = [];
  const known = Object.keys(data.providers ?? { [DEFAULT_PROVIDER]: 1 });
  for (const [alias, m] of Object.entries(data.models ?? {})) {
    if (m.provider && !known.includes(m.provider)) {
      extra.push({
        file,
        ...locate(source, ["models", alias, "provider"]),
        message: `models.${alias}.provider: unknown provider "${m.provider}"`,
        hint:
          didYouMeanHint(m.provider, known) ??
          `define it under providers, or use one of: ${known.join(", ")}`,
      });
    }
  }
  if (extra.length) return { problems: extra };
  const config = resolveConfig(root, file, data);
  if (data.judge) config.judgeAt = locate(source, ["judge"]);
  return { config, problems: [] };
}
