import { basename, join, resolve } from "node:path";
import { ConfigError, UsageError } from "../errors.js";
import { Aggregator } from "../run/aggregate.js";
import type { RunMeta } from "../run/meta.js";
import {
  META,
  RESULTS,
  ROUTES,
  readJson,
  readResults,
  readRouterAnswers,
  SUMMARY,
} from "../run/run-dir.js";
import { runMetaSchema, runSummarySchema } from "../run/schema.js";
import type { RunSummary } from "../run/types.js";
import { type TrialResult, trialId } from "../run/types.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";
import { stableJson, writeFileAtomic } from "../util/fs.js";
import { canonicalJson } from "../util/hash.js";
import { checkGateOptions, concludeRun, type Evaluation, type GateOptions } from "./eval.js";

export interface MergeResult {
  project: Project;
  runDir: string;
  summary: RunSummary;
  /** Shards of the plan that were not given (the merged run is then partial). */
  missingShards: number[];
}

export interface MergeOptions extends GateOptions {
  cwd: string;
  dirs: string[];
  out: string;
  now: () => Date;
}

/** `llmops merge`: combine the shards into one run folder, then gate it as `llmops eval` would. */
export async function mergeShards(
  o: MergeOptions,
): Promise<Evaluation & { missingShards: number[] }> {
  await checkGateOptions(o);
  const m = await mergeRuns(o);
  const ev = await concludeRun({
    project: m.project,
    runDir: m.runDir,
    summary: m.summary,
    stoppedBy: undefined,
    skipped: [],
    cwd: o.cwd,
    gate: { baselineRef: o.baselineRef, strict: o.strict, reports: o.reports },
  });
  return { ...ev, missingShards: m.missingShards };
}

/**
 * Combine the run folders of `--shard i/n` runs into one run folder that compares and reports as
 * the unsharded run would. The shards must come from the same plan (options and configuration).
 */
export async function mergeRuns(o: {
  cwd: string;
  dirs: string[];
  out: string;
  now: () => Date;
}): Promise<MergeResult> {
  if (o.dirs.length === 0) throw new UsageError("llmops merge needs the run folders of the shards");
  const dirs = o.dirs.map((d) => resolve(o.cwd, d));
  const metas = await Promise.all(
    dirs.map((d) => readJson(join(d, META), `the run in ${d}`, runMetaSchema)),
  );
  const summaries = await Promise.all(
    dirs.map((d) => readJson(join(d, SUMMARY), `the summary of ${d}`, runSummarySchema)),
  );
  const missingShards = checkShards(metas, o.dirs);
  const results = await readShardResults(dirs);
  const first = metas[0]!;
  const { project, problems } = await loadProject({ cwd: o.cwd, targets: first.options.targets });
  if (!project) throw new ConfigError(problems);
  const runDir = resolve(o.cwd, o.out);
  const meta: RunMeta & { mergedFrom: string[] } = {
    ...first,
    id: basename(runDir),
    startedAt: metas.map((m) => m.startedAt).sort()[0]!,
    options: { ...first.options, shard: missingShards.length ? first.options.shard : null },
    mergedFrom: metas.map((m) => m.id),
  };
  await writeFileAtomic(join(runDir, META), `${JSON.stringify(meta, null, 2)}\n`);
  await writeFileAtomic(
    join(runDir, RESULTS),
    results.map((r) => `${JSON.stringify(r)}\n`).join(""),
  );
  // Each shard routed its own cases: their LLM routers' answers together cover the merged run.
  const routes = (await Promise.all(dirs.map(readRouterAnswers))).flat();
  if (routes.length > 0)
    await writeFileAtomic(
      join(runDir, ROUTES),
      routes.map((a) => `${JSON.stringify(a)}\n`).join(""),
    );
  const summary = mergedSummary(meta, summaries, results);
  await writeFileAtomic(join(runDir, SUMMARY), stableJson(summary));
  return { project, runDir, summary, missingShards };
}

/** Check that the runs are distinct shards of one plan; returns the shards not given. */
function checkShards(metas: RunMeta[], given: string[]): number[] {
  const first = metas[0]!;
  const plan = (m: RunMeta) =>
    canonicalJson({
      ...m.options,
      shard: null,
      concurrency: 0,
      maxCost: null,
      config: m.configDigest,
    });
  metas.forEach((m, i) => {
    if (!m.options.shard)
      throw new UsageError(`${given[i]} is not a shard (it ran without --shard)`);
    if (m.options.shard.count !== first.options.shard!.count || plan(m) !== plan(first)) {
      throw new UsageError(
        `${given[i]} is a shard of a different run than ${given[0]}`,
        "merge shards started with the same suites, options and llmops.yaml",
      );
    }
  });
  const count = first.options.shard!.count;
  const have = new Set(metas.map((m) => m.options.shard!.index));
  if (have.size !== metas.length) throw new UsageError("the same shard was given twice");
  return Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
}

/** Every trial of the shards, in the order an unsharded run's results sort in; no trial twice. */
async function readShardResults(dirs: string[]): Promise<TrialResult[]> {
  const results: TrialResult[] = [];
  const seen = new Set<string>();
  for (const d of dirs) {
    for await (const r of readResults(d)) {
      const id = trialId(r);
      if (seen.has(id))
        throw new UsageError(
          `trial ${r.suite}/${r.case}#${r.trial + 1} [${r.model}] is in two shards`,
        );
      seen.add(id);
      results.push(r);
    }
  }
  return results.sort(
    (a, b) =>
      a.suite.localeCompare(b.suite) ||
      a.model.localeCompare(b.model) ||
      a.case.localeCompare(b.case) ||
      a.trial - b.trial,
  );
}

/** The summary of the merged run: totals added up, suites aggregated anew from the trials. */
function mergedSummary(meta: RunMeta, summaries: RunSummary[], results: TrialResult[]): RunSummary {
  const agg = new Aggregator();
  for (const r of results) agg.add(r);
  const finishedAt = summaries
    .map((s) => s.finishedAt)
    .sort()
    .at(-1)!;
  const sum = (f: (s: RunSummary) => number) => summaries.reduce((n, s) => n + f(s), 0);
  return {
    schemaVersion: 1,
    runId: meta.id,
    status: summaries.find((s) => s.status !== "complete")?.status ?? "complete",
    startedAt: meta.startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(meta.startedAt),
    meta,
    totals: {
      trials: results.length,
      planned: sum((s) => s.totals.planned),
      remaining: sum((s) => s.totals.remaining),
      spentUsd: Number(sum((s) => s.totals.spentUsd).toFixed(6)),
    },
    suites: agg.summaries(),
    recorded: [...new Set(summaries.flatMap((s) => s.recorded))].sort(),
  };
}
