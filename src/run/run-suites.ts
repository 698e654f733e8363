import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { judgeScorerTypes, type ScorerType } from "../config/schema/scorers.js";
import { ConfigError, UsageError } from "../errors.js";
import { ResponseCache } from "../provider/cache.js";
import { type CallMode, type CallRecord, ModelCaller } from "../provider/caller.js";
import { FixtureStore } from "../provider/fixtures.js";
import { scorerRegistry } from "../scorer/registry.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";
import { writeFileAtomic } from "../util/fs.js";
import { Aggregator } from "./aggregate.js";
import type { EventSink } from "./events.js";
import { type ExecuteOutcome, executeRun } from "./execute.js";
import { makeJudgeCaller } from "./judge-caller.js";
import { collectMeta, type RunOptionsRecord } from "./meta.js";
import { makeModerationCaller } from "./moderation-caller.js";
import { judgeOnlySuites, planRun, type Task } from "./plan.js";
import { precheck } from "./precheck.js";
import { keysInUse, makeRedactor } from "./redact.js";
import { resumeResults } from "./resume-results.js";
import {
  CALLS,
  JOURNAL,
  JsonlWriter,
  META,
  newRunDir,
  RESULTS,
  readJson,
  readResults,
  repairJsonlTail,
  SUMMARY,
} from "./run-dir.js";
import { runMetaSchema } from "./schema.js";
import { type RunSummary, type TrialResult, trialId } from "./types.js";

export interface RunSuitesOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  targets: string[];
  filter: string[];
  models: string[];
  trials?: number | undefined;
  concurrency?: number | undefined;
  mode: CallMode;
  cache: boolean;
  maxCost?: number | undefined;
  prune: boolean;
  shard?: { index: number; count: number } | undefined;
  /** Resume the run in this folder. */
  resume?: string | undefined;
  /** Use this folder for the run instead of a new one under .llmops/runs. */
  out?: string | undefined;
  /** `judge check`: run only judge scorers, on cases with human labels, one trial each. */
  judgeOnly?: boolean | undefined;
  /** Mask PII and secrets in everything the run folder stores. */
  redact?: boolean | undefined;
  stop: AbortSignal;
  cancel: AbortSignal;
  onEvent: EventSink;
}

export interface SuitesRun {
  project: Project;
  runDir: string;
  summary: RunSummary;
  outcome: ExecuteOutcome;
  tasks: Task[];
}

/** Run the selected suites: validate, plan, check, execute, summarise. */
export async function runSuites(o: RunSuitesOptions): Promise<SuitesRun> {
  const resumed = o.resume
    ? await readJson(join(resolve(o.cwd, o.resume), META), "the run to resume", runMetaSchema)
    : undefined;
  const options: RunOptionsRecord = resumed
    ? {
        ...resumed.options,
        ...(o.concurrency ? { concurrency: o.concurrency } : {}),
        ...(o.maxCost !== undefined ? { maxCost: o.maxCost } : {}),
      }
    : {
        targets: o.targets,
        filter: o.filter,
        models: o.models,
        trials: o.trials ?? null,
        mode: o.mode,
        cache: o.cache,
        shard: o.shard ?? null,
        maxCost: o.maxCost ?? null,
        concurrency: o.concurrency ?? 0,
        prune: o.prune,
        judgeOnly: Boolean(o.judgeOnly),
        redact: Boolean(o.redact),
      };
  if (options.prune && (options.filter.length || options.shard || options.mode !== "record")) {
    throw new UsageError(
      "--prune needs --record and a full run",
      "prune removes recordings the run did not use, so run every case: no --filter or --shard",
    );
  }

  const { project, problems } = await loadProject({ cwd: o.cwd, targets: options.targets });
  if (!project) throw new ConfigError(problems);
  if (project.suites.length === 0)
    throw new UsageError(
      "no suites to run",
      "suites are *.eval.yml files, or *.prompt.yml files with testData",
    );
  const { config } = project;
  const suites = options.judgeOnly
    ? judgeOnlySuites(project.suites, (t) => judgeScorerTypes.has(t as ScorerType))
    : project.suites;
  if (suites.length === 0)
    throw new UsageError(
      "no cases with human labels and judge scorers",
      "label cases with human: pass|fail (or a 0..1 score) in suites that use LLM judges",
    );
  const tasks = planRun(suites, {
    filter: options.filter,
    models: options.models,
    ...(options.trials ? { trials: options.trials } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  });

  const root = config.root;
  const runDir = resumed
    ? resolve(o.cwd, o.resume!)
    : o.out
      ? resolve(o.cwd, o.out)
      : newRunDir(resolve(root, config.paths.runs), o.now());
  if (!resumed && o.out && existsSync(join(runDir, RESULTS))) {
    throw new UsageError(
      `${o.out} already holds a run`,
      `resume it with --resume ${o.out}, or choose another --out`,
    );
  }
  const recordHint =
    `llmops eval --record ${[...options.targets, ...options.filter.map((f) => `--filter ${f}`)].join(" ")}`.trim();
  // Every file the run writes passes through this: recordings, the cache, the run folder.
  const redact = makeRedactor({
    redact: options.redact,
    knownSecrets: keysInUse(o.env, [
      "OPENAI_API_KEY",
      ...Object.values(config.providers).map((p) => p.apiKeyEnv ?? "OPENAI_API_KEY"),
    ]),
  });
  const fixtures = new FixtureStore(root, config.paths.fixtures, join(runDir, JOURNAL), redact);
  const caller = new ModelCaller({
    config,
    env: o.env,
    mode: options.mode,
    useCache: options.cache,
    fixtures,
    cache: options.cache ? new ResponseCache(resolve(root, ".llmops/cache"), redact) : undefined,
    onEvent: o.onEvent,
    recordHint,
  });

  const done = resumed ? await resumeResults(join(runDir, RESULTS)) : new Set<string>();
  if (resumed) {
    // The call log and the recordings journal are appended to as well: a torn line there would
    // swallow the next record.
    await repairJsonlTail(join(runDir, CALLS));
    await repairJsonlTail(join(runDir, JOURNAL));
    await fixtures.restoreJournal();
  }
  const pending = tasks.filter(
    (t) =>
      !done.has(trialId({ suite: t.suite.name, model: t.model, case: t.case.id, trial: t.trial })),
  );
  await precheck(pending, caller, options.mode, options.maxCost ?? undefined, recordHint);

  const startedAt = o.now();
  const meta =
    resumed ??
    (await collectMeta(root, o.env, basename(runDir), startedAt, config.digest, options));
  if (!resumed) await writeFileAtomic(join(runDir, META), `${JSON.stringify(meta, null, 2)}\n`);

  const writer = new JsonlWriter<TrialResult>(join(runDir, RESULTS));
  const callLog = new JsonlWriter<CallRecord>(join(runDir, CALLS));
  caller.setCallSink((c) => callLog.write(redact(c)));
  o.onEvent({ type: "run-started", total: tasks.length, skipped: done.size, runDir });
  let outcome: ExecuteOutcome;
  try {
    outcome = await executeRun({
      config,
      tasks,
      caller,
      registry: scorerRegistry,
      concurrency: options.concurrency || config.concurrency,
      maxCost: options.maxCost ?? undefined,
      done,
      stop: o.stop,
      cancel: o.cancel,
      write: (r) => writer.write(redact(r)),
      onEvent: o.onEvent,
      judgeFor: (task, signal) => makeJudgeCaller(caller, task, config, signal),
      moderationFor: (task, signal) =>
        makeModerationCaller(caller, task, Object.keys(config.providers), signal),
    });
  } finally {
    await writer.close();
    await callLog.close();
  }

  // Whatever happened, what was recorded is kept and the summary says what finished.
  const recorded = await fixtures.flush(
    options.prune && outcome.status === "complete"
      ? new Set(project.suites.map((s) => s.name))
      : new Set(),
  );
  const agg = new Aggregator();
  let trials = 0;
  for await (const r of readResults(runDir)) {
    agg.add(r);
    trials++;
  }
  const finishedAt = o.now();
  const summary: RunSummary = {
    schemaVersion: 1,
    runId: meta.id,
    status: outcome.status,
    startedAt: meta.startedAt,
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    meta,
    totals: {
      trials,
      planned: tasks.length,
      remaining: tasks.length - trials,
      spentUsd: Number(outcome.spent.toFixed(6)),
    },
    suites: agg.summaries(),
    recorded,
  };
  await writeFileAtomic(join(runDir, SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
  return { project: { ...project, suites }, runDir, summary, outcome, tasks };
}
