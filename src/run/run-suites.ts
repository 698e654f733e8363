import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { judgeScorerTypes, type ScorerType } from "../config/schema/scorers.js";
import type { Config } from "../config/types.js";
import { ConfigError, OverBudgetError, type Problem, UsageError } from "../errors.js";
import { ResponseCache } from "../provider/cache.js";
import { type CallMode, type CallRecord, ModelCaller } from "../provider/caller.js";
import { FixtureStore } from "../provider/fixtures.js";
import { checkCodeScorers } from "../scorer/code-check.js";
import { scorerRegistry } from "../scorer/registry.js";
import { loadProject } from "../suite/load-project.js";
import type { Project, Suite } from "../suite/types.js";
import { writeFileAtomic } from "../util/fs.js";
import { Aggregator, type FailureList } from "./aggregate.js";
import { runBatches } from "./batch.js";
import { budgetProfiles } from "./budget.js";
import { type Estimate, estimateTasks } from "./estimate.js";
import type { EventSink } from "./events.js";
import { type ExecuteOutcome, executeRun } from "./execute.js";
import { judgeBatchItems } from "./judge-batch.js";
import { makeJudgeCaller } from "./judge-caller.js";
import { collectMeta, type RunMeta, type RunOptionsRecord } from "./meta.js";
import { makeModerationCaller } from "./moderation-caller.js";
import { judgeOnlySuites, planRun, type Task } from "./plan.js";
import { precheck } from "./precheck.js";
import { keysInUse, makeRedactor, type Redactor } from "./redact.js";
import { resumeResults } from "./resume-results.js";
import { callRouters, planRouterCalls, precheckRouters, type RouterTask } from "./router-calls.js";
import {
  CALLS,
  JOURNAL,
  JsonlWriter,
  META,
  newRunDir,
  RESULTS,
  ROUTES,
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
  /** Send the model calls through the provider's Batch API, then the judge calls as a second batch. */
  batch?: boolean | undefined;
  /** `--reference`: the model the others are compared with; it must be one the run calls. */
  reference?: string | undefined;
  /** How often to poll a batch, ms (default 30 s). */
  batchPollMs?: number | undefined;
  /** `--until-decided [maxTrials]`: sequential trials for every suite (docs/gate.md). */
  untilDecided?: number | true | undefined;
  /** Sequential trials, resuming a run for its next round: trials per case, per suite and model. */
  roundTrials?: Record<string, Record<string, number>> | undefined;
  /** Receives every trial result as written (a resumed run's earlier ones first). */
  onResult?: ((r: TrialResult) => void) | undefined;
  /** A variable a prompt file's testData row lacks is an error (else a warning, sent as written). */
  strict?: boolean | undefined;
  /** Receives the project's warnings (located; the run goes on). */
  onWarnings?: ((warnings: Problem[]) => void) | undefined;
  stop: AbortSignal;
  cancel: AbortSignal;
  onEvent: EventSink;
}

export interface SuitesRun {
  project: Project;
  runDir: string;
  summary: RunSummary;
  outcome: ExecuteOutcome;
  /** The first failed trials and how many failed, folded while the run went. */
  failures: FailureList;
}

/** What a run is about to do: its options, suites, trials and folder. */
interface Prepared {
  options: RunOptionsRecord;
  resumed: RunMeta | undefined;
  project: Project;
  suites: Suite[];
  tasks: Task[];
  runDir: string;
  recordHint: string;
}

/**
 * Run the selected suites: validate, plan, check, execute, summarise. Each trial result is folded
 * into the summary (and handed to `onResult`) as it is written: results.jsonl is never read back.
 */
export async function runSuites(o: RunSuitesOptions): Promise<SuitesRun> {
  const p = await prepareRun(o);
  const { config } = p.project;
  // Every file the run writes passes through this: recordings, the cache, the run folder.
  const redact = makeRedactor({
    redact: p.options.redact,
    knownSecrets: keysInUse(o.env, [
      "OPENAI_API_KEY",
      ...Object.values(config.providers).map((x) => x.apiKeyEnv ?? "OPENAI_API_KEY"),
    ]),
  });
  const journal = join(p.runDir, JOURNAL);
  const fixtures = new FixtureStore(config.root, config.paths.fixtures, journal, redact);
  const caller = makeCaller(o, p, fixtures, redact);
  const agg = new Aggregator();
  const observe = (r: TrialResult) => {
    agg.add(r);
    o.onResult?.(r);
  };
  const done = p.resumed ? await resumeRun(p.runDir, fixtures, observe) : new Set<string>();
  caller.warmUp(p.tasks.map((t) => t.model));
  const startedAt = o.now();
  // git runs in other processes while the precheck hashes requests.
  const meta = p.resumed
    ? Promise.resolve({ ...p.resumed, options: p.options })
    : collectMeta(config.root, o.env, basename(p.runDir), startedAt, config.digest, p.options);
  meta.catch(() => undefined);
  const pending = p.tasks.filter((t) => !done.has(taskId(t)));
  const keys = await precheck(pending, caller, p.options.mode, maxCostOf(p), p.recordHint);
  const routers = routerTasksOf(p);
  await refuseOverBudget(maxCostOf(p), () =>
    estimateTasks(pending, caller, fixtures, routers, batchDiscountOf(p)),
  );
  await precheckRouters(routers, caller, p.options.mode, p.recordHint);
  // A new round of sequential trials is recorded before it starts, so --resume continues it.
  if (!p.resumed || o.roundTrials)
    await writeFileAtomic(join(p.runDir, META), `${JSON.stringify(await meta, null, 2)}\n`);
  if (p.options.batch)
    await runBatches({
      tasks: pending,
      caller,
      runDir: p.runDir,
      pollMs: o.batchPollMs ?? 30_000,
      signal: o.stop,
      onEvent: o.onEvent,
      judges: () =>
        judgeBatchItems(pending, {
          caller,
          registry: scorerRegistry,
          config: p.project.config,
          signal: o.cancel,
        }),
    });
  const outcome = await executeLogged(o, p, caller, { done, keys, observe, redact, routers });
  // Whatever happened, what was recorded is kept and the summary says what finished.
  const recorded = await fixtures.flush(
    p.options.prune && outcome.status === "complete"
      ? new Set(p.project.suites.map((s) => s.name))
      : new Set(),
  );
  const summary = summarise(await meta, agg, { outcome, recorded, startedAt, now: o.now() }, p);
  const profiles = await budgetProfiles(p.tasks, caller);
  for (const s of summary.suites) {
    const b = profiles.get(`${s.suite}\u0000${s.model}`);
    if (b) s.budget = b;
  }
  await writeFileAtomic(join(p.runDir, SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
  const project = { ...p.project, suites: p.suites };
  return { project, runDir: p.runDir, summary, outcome, failures: agg.failures() };
}

/**
 * `llmops estimate` and `eval --dry-run`: what the run these options describe would send and
 * cost, without calling a model or writing anything.
 */
export async function estimateRun(o: RunSuitesOptions): Promise<Estimate> {
  const p = await prepareRun(o);
  const { config } = p.project;
  const fixtures = new FixtureStore(config.root, config.paths.fixtures);
  const caller = makeCaller(o, p, fixtures, (value) => value);
  const done = p.resumed ? await resumeResults(join(p.runDir, RESULTS)) : new Set<string>();
  return estimateTasks(
    p.tasks.filter((t) => !done.has(taskId(t))),
    caller,
    fixtures,
    routerTasksOf(p),
    batchDiscountOf(p),
  );
}

/** --max-cost: refuse to start a run whose lowest estimate is already over the budget. */
async function refuseOverBudget(
  maxCost: number | undefined,
  estimate: () => Promise<Estimate>,
): Promise<void> {
  if (maxCost === undefined) return;
  const { total } = await estimate();
  if (total.costUsd.low <= maxCost) return;
  throw new OverBudgetError(
    `the run would cost at least $${dollars(total.costUsd.low)} (${total.calls.live} live call${total.calls.live === 1 ? "" : "s"}, ${total.liveInputTokens} input tokens), over --max-cost $${maxCost}`,
    "see the estimate with llmops estimate (same arguments); raise --max-cost, or narrow the run with --filter or --shard",
  );
}

const dollars = (x: number) => (x > 0 && x < 0.01 ? x.toPrecision(2) : x.toFixed(2));

const taskId = (t: Task) =>
  trialId({ suite: t.suite.name, model: t.model, case: t.case.id, trial: t.trial });

const maxCostOf = (p: Prepared) => p.options.maxCost ?? undefined;

/**
 * The LLM router calls of the run: none for `judge check`, and none once the run folder holds
 * its routers' answers (a later round of sequential trials routes the same cases again).
 */
/** A `--batch` run pays its model calls at batchDiscount (llmops.yaml, default 0.5). */
function batchDiscountOf(p: Prepared): number | undefined {
  return p.options.batch ? (p.project.config.batchDiscount ?? 0.5) : undefined;
}

function routerTasksOf(p: Prepared): RouterTask[] {
  if (p.options.judgeOnly || existsSync(join(p.runDir, ROUTES))) return [];
  return planRouterCalls(p.tasks);
}

/**
 * `--reference` names the model the others are compared with: one this run does not call would
 * silently leave the suites' default in its place, after the calls were paid for.
 */
function checkReference(reference: string | undefined, tasks: readonly Task[]): void {
  if (reference === undefined || tasks.length === 0) return;
  const models = [...new Set(tasks.map((t) => t.model))].sort();
  if (models.includes(reference)) return;
  throw new UsageError(
    `--reference ${reference} is not a model this run calls (${models.join(", ")})`,
    `name one of them, or run it too with --model ${reference} and the models to compare`,
  );
}

/** Options (a resumed run's own, else these), suites, trials and the run folder. */
async function prepareRun(o: RunSuitesOptions): Promise<Prepared> {
  const resumed = o.resume
    ? await readJson(join(resolve(o.cwd, o.resume), META), "the run to resume", runMetaSchema)
    : undefined;
  const options = runOptions(o, resumed);
  const { project, suites } = await loadSuites(o, options);
  // run.json records the concurrency used: the flag's, else llmops.yaml's (never 0 for "unset").
  if (!options.concurrency) options.concurrency = project.config.concurrency;
  const tasks = planRun(suites, {
    filter: options.filter,
    models: options.models,
    ...(options.trials ? { trials: options.trials } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    untilDecided: options.untilDecided,
    roundTrials: options.roundTrials,
  });
  checkReference(o.reference, tasks);
  const runDir = chooseRunDir(o, project.config, resumed !== undefined);
  const recordHint =
    `llmops eval --record ${[...options.targets, ...options.filter.map((f) => `--filter ${f}`)].join(" ")}`.trim();
  return { options, resumed, project, suites, tasks, runDir, recordHint };
}

/** The options a run records in run.json: a resumed run's own, with a new budget or concurrency. */
function runOptions(o: RunSuitesOptions, resumed: RunMeta | undefined): RunOptionsRecord {
  const options: RunOptionsRecord = resumed
    ? {
        ...resumed.options,
        ...(o.concurrency ? { concurrency: o.concurrency } : {}),
        ...(o.maxCost !== undefined ? { maxCost: o.maxCost } : {}),
        ...(o.roundTrials ? { roundTrials: o.roundTrials } : {}),
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
        ...(o.batch ? { batch: true } : {}),
        ...(o.untilDecided !== undefined ? { untilDecided: o.untilDecided } : {}),
      };
  if (options.prune && (options.filter.length || options.shard || options.mode !== "record")) {
    throw new UsageError(
      "--prune needs --record and a full run",
      "prune removes recordings the run did not use, so run every case: no --filter or --shard",
    );
  }
  return options;
}

/** Load and validate the project; the suites to run (judge scorers only for `judge check`). */
async function loadSuites(
  o: Pick<RunSuitesOptions, "cwd" | "strict" | "onWarnings">,
  options: RunOptionsRecord,
): Promise<{ project: Project; suites: Suite[] }> {
  const { project, problems, warnings } = await loadProject({
    cwd: o.cwd,
    targets: options.targets,
    ...(o.strict ? { strict: true } : {}),
  });
  if (!project) throw new ConfigError(problems);
  if (warnings.length) o.onWarnings?.(warnings);
  const code = await checkCodeScorers(project.suites, project.config.root);
  if (code.length) throw new ConfigError(code);
  if (project.suites.length === 0)
    throw new UsageError(
      "no suites to run",
      "suites are *.eval.yml files, or *.prompt.yml files with testData",
    );
  const suites = options.judgeOnly
    ? judgeOnlySuites(project.suites, (t) => judgeScorerTypes.has(t as ScorerType))
    : project.suites;
  if (suites.length === 0)
    throw new UsageError(
      "no cases with human labels and judge scorers",
      "label cases with human: pass|fail (or a 0..1 score) in suites that use LLM judges",
    );
  return { project, suites };
}

function chooseRunDir(o: RunSuitesOptions, config: Config, resuming: boolean): string {
  if (resuming) return resolve(o.cwd, o.resume!);
  if (!o.out) return newRunDir(resolve(config.root, config.paths.runs), o.now());
  const runDir = resolve(o.cwd, o.out);
  if (existsSync(join(runDir, RESULTS))) {
    throw new UsageError(
      `${o.out} already holds a run`,
      `resume it with --resume ${o.out}, or choose another --out`,
    );
  }
  return runDir;
}

function makeCaller(
  o: RunSuitesOptions,
  p: Prepared,
  fixtures: FixtureStore,
  redact: Redactor,
): ModelCaller {
  const { config } = p.project;
  return new ModelCaller({
    config,
    env: o.env,
    mode: p.options.mode,
    useCache: p.options.cache,
    fixtures,
    cache: p.options.cache
      ? new ResponseCache(resolve(config.root, ".llmops/cache"), redact)
      : undefined,
    onEvent: o.onEvent,
    recordHint: p.recordHint,
  });
}

/**
 * The trials a killed run finished (folded like new ones) and the recordings it journaled. Failed
 * trials are dropped from results.jsonl so they run again; torn last lines are cut from every
 * file the run appends to.
 */
async function resumeRun(
  runDir: string,
  fixtures: FixtureStore,
  observe: (r: TrialResult) => void,
): Promise<Set<string>> {
  const done = await resumeResults(join(runDir, RESULTS));
  for await (const r of readResults(runDir)) observe(r);
  await repairJsonlTail(join(runDir, CALLS));
  await repairJsonlTail(join(runDir, JOURNAL));
  await fixtures.restoreJournal();
  return done;
}

/** Execute the plan, appending each trial to results.jsonl and each call to calls.jsonl. */
async function executeLogged(
  o: RunSuitesOptions,
  p: Prepared,
  caller: ModelCaller,
  r: {
    done: Set<string>;
    keys: Map<Task, string>;
    observe: (r: TrialResult) => void;
    redact: Redactor;
    routers: RouterTask[];
  },
): Promise<ExecuteOutcome> {
  const { config } = p.project;
  const { redact } = r;
  const writer = new JsonlWriter<TrialResult>(join(p.runDir, RESULTS));
  const callLog = new JsonlWriter<CallRecord>(join(p.runDir, CALLS));
  caller.setCallSink((c) => callLog.write(redact(c)));
  o.onEvent({ type: "run-started", total: p.tasks.length, skipped: r.done.size, runDir: p.runDir });
  try {
    const outcome = await executeRun({
      config,
      tasks: p.tasks,
      caller,
      registry: scorerRegistry,
      concurrency: p.options.concurrency || config.concurrency,
      maxCost: maxCostOf(p),
      done: r.done,
      keys: r.keys,
      stop: o.stop,
      cancel: o.cancel,
      write: (result) => {
        const stored = redact(result);
        writer.write(stored);
        r.observe(stored);
      },
      onEvent: o.onEvent,
      judgeFor: (task, signal) => makeJudgeCaller(caller, task, config, signal),
      moderationFor: (task, signal) =>
        makeModerationCaller(caller, task, Object.keys(config.providers), signal),
    });
    if (outcome.status !== "complete" || r.routers.length === 0) return outcome;
    const concurrency = p.options.concurrency || config.concurrency;
    const answers = await callRouters(r.routers, caller, concurrency, o.cancel);
    await writeFileAtomic(
      join(p.runDir, ROUTES),
      answers.map((a) => `${JSON.stringify(redact(a))}\n`).join(""),
    );
    const live = answers.reduce((n, a) => n + (a.source === "live" ? (a.cost ?? 0) : 0), 0);
    return { ...outcome, spent: outcome.spent + live };
  } finally {
    await writer.close();
    await callLog.close();
  }
}

function summarise(
  meta: RunMeta,
  agg: Aggregator,
  end: { outcome: ExecuteOutcome; recorded: string[]; startedAt: Date; now: Date },
  p: Prepared,
): RunSummary {
  const planned = p.tasks.length;
  return {
    schemaVersion: 1,
    runId: meta.id,
    status: end.outcome.status,
    startedAt: meta.startedAt,
    finishedAt: end.now.toISOString(),
    durationMs: end.now.getTime() - end.startedAt.getTime(),
    meta,
    totals: {
      trials: agg.trials,
      planned,
      remaining: planned - agg.trials,
      spentUsd: Number(end.outcome.spent.toFixed(6)),
    },
    suites: agg.summaries(),
    recorded: end.recorded,
  };
}
