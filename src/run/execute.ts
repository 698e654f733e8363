import { setMaxListeners } from "node:events";
import type { Config } from "../config/types.js";
import { LlmopsError, RunError } from "../errors.js";
import type { CallSite, ModelCaller } from "../provider/caller.js";
import type { CallError } from "../provider/types.js";
import { applyScorer, combineScores } from "../scorer/apply.js";
import type { JudgeCaller, ModerationCaller, ScorerRegistry } from "../scorer/types.js";
import { getOrSet } from "../util/map.js";
import { overBudget, taskRequest } from "./budget.js";
import type { EventSink } from "./events.js";
import { judgeFailure } from "./judge-caller.js";
import type { Task } from "./plan.js";
import type { RunStatus, TrialResult } from "./types.js";
import { trialId } from "./types.js";

export interface ExecuteOptions {
  config: Config;
  tasks: Task[];
  caller: ModelCaller;
  registry: ScorerRegistry;
  concurrency: number;
  /** Stop scheduling once live spending reaches this many USD. */
  maxCost?: number | undefined;
  /** Trials already done (resume): not run again. */
  done: Set<string>;
  /** Request keys the precheck computed, so no request is hashed twice. */
  keys?: Map<Task, string> | undefined;
  /** Aborted: schedule nothing new. */
  stop: AbortSignal;
  /** Aborted: cancel calls in flight. */
  cancel: AbortSignal;
  write: (r: TrialResult) => void;
  onEvent: EventSink;
  /** Makes the judge caller for a trial (LLM scorers). */
  judgeFor?: (task: Task, signal: AbortSignal) => JudgeCaller;
  /** Makes the moderation caller for a trial. */
  moderationFor?: (task: Task, signal: AbortSignal) => ModerationCaller;
}

export interface ExecuteOutcome {
  status: RunStatus;
  /** USD spent on live calls (model and judge), where prices are known. */
  spent: number;
  finished: number;
  remaining: number;
  /** Set when the run stopped because calls kept failing, or on a replay miss. */
  failure?: LlmopsError;
}

/** After this many live calls of a suite and model fail with none succeeding, stop the run. */
const FAILING_AFTER = 5;

/** Run the tasks with one global concurrency limit, writing each trial's result as it finishes. */
export async function executeRun(o: ExecuteOptions): Promise<ExecuteOutcome> {
  // Every call in flight listens to the cancel signal.
  setMaxListeners(0, o.cancel);
  const todo = o.tasks.filter(
    (t) =>
      !o.done.has(
        trialId({ suite: t.suite.name, model: t.model, case: t.case.id, trial: t.trial }),
      ),
  );
  let spent = 0;
  let finished = 0;
  let status: RunStatus = "complete";
  let failure: LlmopsError | undefined;
  const health = new Map<string, Health>();
  const halt = new AbortController();

  const stopNow = (s: RunStatus, err?: LlmopsError) => {
    if (halt.signal.aborted) return;
    status = s;
    failure = err;
    halt.abort();
  };
  o.stop.addEventListener("abort", () => {
    if (!halt.signal.aborted)
      o.onEvent({
        type: "stopping",
        reason: "interrupted",
        message: "stopping: no new calls; waiting for the calls in flight",
      });
    stopNow("interrupted");
  });

  const runOne = async (task: Task) => {
    if (halt.signal.aborted) return;
    if (o.maxCost !== undefined && spent >= o.maxCost) {
      o.onEvent({
        type: "stopping",
        reason: "budget",
        message: `budget of $${o.maxCost} reached ($${spent.toFixed(4)} spent)`,
      });
      return stopNow("budget");
    }
    let result: TrialResult | undefined;
    try {
      result = await runTask(task, o);
    } catch (err) {
      if (err instanceof LlmopsError) return stopNow("failed", err);
      throw err;
    }
    if (!result) return;
    spent += liveCost(result);
    o.write(result);
    finished++;
    o.onEvent({
      type: "trial-finished",
      result,
      done: o.done.size + finished,
      total: o.tasks.length,
      spent,
    });
    if (result.source === "live" || result.error?.class === "judge_error")
      trackHealth(task, result, health, (err) => stopNow("failed", err), o);
  };

  await runPool(todo, o.concurrency, halt.signal, runOne);
  return {
    status,
    spent,
    finished,
    remaining: todo.length - finished,
    ...(failure ? { failure } : {}),
  };
}

/**
 * Run `each` over `items` with at most `concurrency` in flight: a few workers taking the next
 * item, so a run of 100,000 trials never queues 100,000 promises.
 */
async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  halt: AbortSignal,
  each: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !halt.aborted) await each(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

interface Health {
  ok: number;
  failed: number;
  /** The stop was reported: later results of the same calls say nothing new. */
  stopped?: boolean;
  classes: Set<string>;
  last?: CallError;
}

/** Failures that say the endpoint or the credentials are broken, not the case. */
const SYSTEMIC = new Set([
  "auth",
  "model_not_found",
  "network",
  "timeout",
  "server",
  "rate_limit",
  "truncated",
  "bad_response",
  "judge_error",
]);

/**
 * Stop early when a suite and model's first live calls all fail the same systemic way (a wrong
 * key, an unreachable endpoint): one clear message instead of one per case.
 */
function trackHealth(
  task: Task,
  r: TrialResult,
  health: Map<string, Health>,
  fail: (e: LlmopsError) => void,
  o: Pick<ExecuteOptions, "caller" | "onEvent">,
): void {
  const k = `${task.suite.name}\u0000${task.model}`;
  const h = getOrSet(health, k, (): Health => ({ ok: 0, failed: 0, classes: new Set<string>() }));
  if (r.error) {
    h.failed++;
    h.classes.add(r.error.class);
    h.last = r.error;
  } else h.ok++;
  if (h.stopped) return;
  const planned = task.suite.cases.length;
  const oneSystemicClass = h.classes.size === 1 && SYSTEMIC.has([...h.classes][0]!);
  if (h.ok === 0 && oneSystemicClass && h.failed >= Math.min(FAILING_AFTER, planned) && h.last) {
    h.stopped = true;
    const setup = o.caller.explainFailure(task.model, h.last);
    const msg = setup
      ? `every call to ${task.model} for suite ${task.suite.name} failed: ${setup.message}`
      : `every call to ${task.model} for suite ${task.suite.name} failed (${h.failed} of ${h.failed}): ${h.last.class}: ${h.last.message}`;
    o.onEvent({ type: "stopping", reason: "failing", message: msg });
    fail(new RunError(msg, setup?.hint ?? hintFor(h.last), "provider_failing"));
  }
}

function hintFor(e: CallError): string {
  switch (e.class) {
    case "auth":
      return "check the API key's environment variable (apiKeyEnv in llmops.yaml, default OPENAI_API_KEY)";
    case "network":
    case "timeout":
      return "check that the endpoint (baseURL in llmops.yaml or OPENAI_BASE_URL) is reachable";
    case "bad_response":
    case "truncated":
      return "the endpoint's answers are not whole chat completions; check baseURL (a proxy or login page?) and the server's logs";
    case "judge_error":
      return "check the judge model (judge: in llmops.yaml or the suite, or the scorer's model:) and its endpoint";
    case "over_budget":
      return "shorten the variables that dominate the input (the report's token budget section), or raise budget.inputTokens";
    case "rate_limit":
      return "lower --concurrency or wait for the rate limit to reset";
    case "context_length_exceeded":
      return "the prompt is longer than the model's context; shorten it or use a larger model";
    default:
      return "run one case with --filter to see the full error";
  }
}

/** What a trial cost in live calls: the model's when it was called live, and its live judge calls. */
export function liveCost(r: TrialResult): number {
  const model = r.source === "live" ? (r.cost ?? 0) : 0;
  const judges = r.scores.reduce(
    (n, s) => n + (s.judge?.source === "live" ? (s.judge.cost ?? 0) : 0),
    0,
  );
  return model + judges;
}

/** One trial: render, call (recording, cache or live), score. Undefined when cancelled. */
async function runTask(task: Task, o: ExecuteOptions): Promise<TrialResult | undefined> {
  const { suite, model, case: c, trial } = task;
  const req = taskRequest(task);
  const site: CallSite = { suite: suite.name, case: c.id, trial, kind: "model" };
  const refused = await overBudget(task, req, o.caller);
  // Over budget: fails like a call error, but nothing is sent (and nothing recorded or spent).
  const out = refused
    ? {
        key: o.caller.keyOf(model, req, trial).key,
        source: "live" as const,
        result: { ok: false as const, error: refused, latencyMs: 0 },
        cost: undefined,
      }
    : await o.caller.call(model, req, site, o.cancel, o.keys?.get(task));
  const head: TrialHead = {
    suite: suite.name,
    model,
    case: c.id,
    trial,
    promptVersion: suite.prompt.version,
    caseDigest: c.digest,
    requestKey: out.key,
    source: out.source,
  };
  if (!out.result.ok) {
    if (out.result.error.class === "aborted") return undefined;
    return trialResult(head, {
      output: null,
      scores: [],
      score: 0,
      pass: false,
      latencyMs: Math.round(out.result.latencyMs),
      ttftMs: null,
      usage: null,
      cost: null,
      finishReason: null,
      error: out.result.error,
      judge: null,
    });
  }
  const completion = out.result.completion;
  const judgeUse = { promptTokens: 0, completionTokens: 0, cost: 0 as number | null, calls: 0 };
  const judge = o.judgeFor?.(task, o.cancel);
  const counted: JudgeCaller | undefined = judge
    ? async (jr) => {
        const reply = await judge(jr);
        judgeUse.calls++;
        if (!("error" in reply)) {
          judgeUse.promptTokens += reply.usage?.promptTokens ?? 0;
          judgeUse.completionTokens += reply.usage?.completionTokens ?? 0;
          judgeUse.cost =
            reply.cost === undefined || judgeUse.cost === null ? null : judgeUse.cost + reply.cost;
        }
        return reply;
      }
    : undefined;
  const ctx = {
    output: completion.content,
    case: c,
    suite,
    completion,
    cost: out.cost,
    signal: o.cancel,
    root: o.config.root,
    messages: req.messages,
    ...(counted ? { judge: counted } : {}),
    ...(o.moderationFor ? { moderate: o.moderationFor(task, o.cancel) } : {}),
  };
  const scores = [];
  for (const s of [...suite.scorers, ...c.scorers])
    scores.push(await applyScorer(o.registry, s, ctx));
  if (o.cancel.aborted) return undefined;
  // gh models eval passes a test that has no evaluators: a prompt file's row that got an answer.
  const { score, pass } =
    scores.length === 0 && suite.kind === "prompt"
      ? { score: 1, pass: true }
      : combineScores(scores);
  const filtered = completion.finishReason === "content_filter";
  const judgeFailed = judgeFailure(scores);
  return trialResult(head, {
    output: completion.content,
    scores,
    score: filtered || judgeFailed ? 0 : score,
    pass: filtered || judgeFailed ? false : pass,
    // A batch's answer has no timing of its own: unknown, not 0 ms.
    latencyMs: out.batched ? null : Math.round(completion.latencyMs),
    ttftMs: out.batched || completion.ttftMs === undefined ? null : Math.round(completion.ttftMs),
    usage: completion.usage ?? null,
    cost: out.cost ?? null,
    finishReason: completion.finishReason,
    error: judgeFailed
      ? judgeFailed
      : filtered
        ? {
            class: "content_filter",
            message: "the response was stopped by the endpoint's content filter",
          }
        : null,
    judge: judgeUse.calls > 0 ? judgeUse : null,
  });
}

type TrialHead = Pick<
  TrialResult,
  "suite" | "model" | "case" | "trial" | "promptVersion" | "caseDigest" | "requestKey" | "source"
>;

/**
 * A trial's result as one literal, every field named: `{ ...head, output, … }` cost ~25 µs and
 * ~6 KB of garbage a trial on Node 20 (util/object.ts), and every result shares one shape.
 */
function trialResult(h: TrialHead, r: Omit<TrialResult, keyof TrialHead>): TrialResult {
  return {
    suite: h.suite,
    model: h.model,
    case: h.case,
    trial: h.trial,
    promptVersion: h.promptVersion,
    caseDigest: h.caseDigest,
    requestKey: h.requestKey,
    source: h.source,
    output: r.output,
    scores: r.scores,
    score: r.score,
    pass: r.pass,
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    usage: r.usage,
    cost: r.cost,
    finishReason: r.finishReason,
    error: r.error,
    judge: r.judge,
  };
}
