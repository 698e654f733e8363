import { basename, dirname, relative } from "node:path";
import { readValidated } from "../config/read-validated.js";
import { type MonitorFile, monitorFileSchema } from "../config/schema/monitor.js";
import type { Config } from "../config/types.js";
import { locate } from "../config/yaml-source.js";
import { ConfigError, type Problem, UsageError } from "../errors.js";
import { judgeModel, unknownModel } from "../provider/known-model.js";
import { discoverFiles } from "../suite/discover.js";

/** The name of a monitor file. */
export const MONITOR_SUFFIX = /\.monitor\.ya?ml$/;

/** A validated *.monitor.yml. */
export interface MonitorSpec {
  /** Absolute path and the path as shown. */
  path: string;
  file: string;
  name: string;
  data: MonitorFile;
}

/** Read and validate a monitor file; every problem is located with file:line:col. */
export async function loadMonitorFile(absPath: string, cwd: string): Promise<MonitorSpec> {
  const file = relative(cwd, absPath) || absPath;
  const { data, problems } = await readValidated(absPath, file, monitorFileSchema);
  if (!data) throw new ConfigError(problems);
  return {
    path: absPath,
    file,
    name: data.name ?? basename(absPath).replace(/\.monitor\.ya?ml$|\.ya?ml$/, ""),
    data,
  };
}

/**
 * `llmops validate` over the project's monitor files (every *.monitor.yml below the root, or the
 * ones named): schema problems located, and each judge model checked the way suites' are.
 */
export async function checkMonitorFiles(
  config: Config,
  cwd: string,
  named?: string[],
): Promise<{ files: number; problems: Problem[] }> {
  const files = named ?? (await discoverFiles(config.root, (n) => MONITOR_SUFFIX.test(n)));
  const problems: Problem[] = [];
  for (const abs of files) {
    const file = relative(cwd, abs) || abs;
    const { data, source, problems: found } = await readValidated(abs, file, monitorFileSchema);
    problems.push(...found);
    if (!data || !source || !data.judges) continue;
    for (const [i, s] of data.judges.scorers.entries()) {
      const own = (s as { model?: string }).model;
      const model = judgeModel(own, data.judges.model, config);
      const unknown = unknownModel(config, model);
      if (!unknown) continue;
      const path = own
        ? ["judges", "scorers", i, "model"]
        : data.judges.model
          ? ["judges", "model"]
          : ["judges"];
      problems.push({
        file,
        ...locate(source, path),
        message: `judge ${unknown.message} (used by judge ${s.type} of ${file})`,
        hint: unknown.hint,
      });
    }
  }
  return { files: files.length, problems };
}

/** The folder a monitor file's relative log paths start from. */
export const specDir = (s: MonitorSpec): string => dirname(s.path);

/** A --since/--until value: ISO date or time, or a duration back from now (24h, 7d, 30m). */
export function parseTime(value: string | undefined, flag: string, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+)([mhd])$/.exec(value.trim());
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as "m" | "h" | "d"];
    return now.getTime() - Number(rel[1]) * unit;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(
      `${flag} ${value}: not a time`,
      "give an ISO date or time (2026-01-31, 2026-01-31T12:00Z) or a duration back from now (24h, 7d)",
    );
  return t;
}
