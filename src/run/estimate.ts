import type { CallSite, ModelCaller } from "../provider/caller.js";
import type { FixtureStore } from "../provider/fixtures.js";
import { contextWindow } from "../provider/pricing.js";
import { countChat, type EncodingName, loadEncoder, tokenizerFor } from "../provider/tokens.js";
import type { ChatRequest } from "../provider/types.js";
import { getOrSet } from "../util/map.js";
import { mean, percentile } from "../util/stats.js";
import { overBudget, taskRequest } from "./budget.js";
import type { Task } from "./plan.js";
import { type RouterTask, routerRequest, routerSite } from "./router-calls.js";

/** What the trials of one suite on one model would cost, before any call. */
export interface EstimateRow {
  suite: string;
  model: string;
  /** The LLM router these calls are for; undefined for the suite's own model calls. */
  router?: string | undefined;
  encoding: EncodingName;
  /** False when the model's tokenizer is unknown and o200k_base stood in for it. */
  exact: boolean;
  calls: { live: number; replayed: number; cached: number };
  /** Input tokens of every call, and of the calls that would go live. */
  inputTokens: { all: number; live: number; p95: number };
  /** The model's context window (input + output), when known. */
  contextWindow: number | undefined;
  /** Output tokens of the live calls: at the recordings' mean, and at maxTokens (the bound). */
  outputTokens: { expected: number; max: number | undefined; observedMean: number | undefined };
  /** USD of the live calls; undefined without a price. `high` is undefined without maxTokens. */
  costUsd: { low: number; high: number | undefined } | undefined;
  /** The factor the live calls are priced at when a `--batch` run sends them (batchDiscount). */
  batchDiscount?: number | undefined;
}

export interface Estimate {
  rows: EstimateRow[];
  total: {
    calls: EstimateRow["calls"];
    inputTokens: number;
    liveInputTokens: number;
    costUsd: { low: number; high: number | undefined };
    /** Models with live calls and no price: their cost is not in the total. */
    unpriced: string[];
  };
}

/** One call an estimate counts: a trial's model call or an LLM router's call for a case. */
interface Planned {
  /** The trial of a model call (its budget decides whether it is sent); none for a router's. */
  task: Task | undefined;
  suite: string;
  model: string;
  router: string | undefined;
  request: Omit<ChatRequest, "model">;
  trial: number;
  site: CallSite;
}

const modelCall = (t: Task): Planned => ({
  task: t,
  suite: t.suite.name,
  model: t.model,
  router: undefined,
  request: taskRequest(t),
  trial: t.trial,
  site: { suite: t.suite.name, case: t.case.id, trial: t.trial, kind: "model" },
});

const routerCall = (t: RouterTask): Planned => ({
  task: undefined,
  suite: t.suite.name,
  model: t.model,
  router: t.router,
  request: routerRequest(t),
  trial: 0,
  site: routerSite(t),
});

/**
 * Count what a plan would send: each rendered request's input tokens (OpenAI's chat rule, see
 * provider/tokens.ts), whether its answer is recorded, cached or must go live, and the cost of the
 * live calls as a range: input plus the recordings' mean output (low) or maxTokens (high). LLM
 * router calls are counted (they depend only on the case); judge calls depend on the answers and
 * are not.
 */
export async function estimateTasks(
  tasks: readonly Task[],
  caller: ModelCaller,
  fixtures: FixtureStore,
  routers: readonly RouterTask[] = [],
  /** With `--batch`: the model calls' price factor (router calls are not batched). */
  batchDiscount?: number,
): Promise<Estimate> {
  const groups = new Map<string, Planned[]>();
  for (const c of [...tasks.map(modelCall), ...routers.map(routerCall)]) {
    getOrSet(groups, `${c.suite}\u0000${c.router ?? ""}\u0000${c.model}`, (): Planned[] => []).push(
      c,
    );
  }
  const rows: EstimateRow[] = [];
  for (const group of groups.values()) {
    const row = await estimateGroup(group, caller, fixtures);
    rows.push(
      row.router === undefined && batchDiscount !== undefined ? batched(row, batchDiscount) : row,
    );
  }
  return { rows, total: totalOf(rows, caller) };
}

function batched(row: EstimateRow, factor: number): EstimateRow {
  const c = row.costUsd;
  const costUsd = c && {
    low: c.low * factor,
    high: c.high === undefined ? undefined : c.high * factor,
  };
  return { ...row, costUsd, batchDiscount: factor };
}

async function estimateGroup(
  planned: Planned[],
  caller: ModelCaller,
  fixtures: FixtureStore,
): Promise<EstimateRow> {
  const { suite, model, router } = planned[0]!;
  const { id } = caller.resolve(model);
  const tok = tokenizerFor(id);
  const encode = await loadEncoder(tok.encoding);
  const calls = { live: 0, replayed: 0, cached: 0 };
  const counts: number[] = [];
  let liveInput = 0;
  let liveMax = 0;
  let maxKnown = true;
  for (const c of planned) {
    const n = countChat(encode, c.request.messages).total;
    counts.push(n);
    // Over budget.inputTokens the run refuses the trial without a call: nothing to pay for.
    if (c.task && (await overBudget(c.task, c.request, caller))) continue;
    const { key } = caller.keyOf(c.model, c.request, c.trial);
    const hit = await caller.stored(c.site, key);
    if (hit?.source === "fixture") calls.replayed++;
    else if (hit?.source === "cache") calls.cached++;
    else {
      calls.live++;
      liveInput += n;
      if (c.request.maxTokens === undefined) maxKnown = false;
      else liveMax += c.request.maxTokens;
    }
  }
  // A router's model may answer the suite's cases too: its recordings' mean stands for both.
  const observed = await fixtures.completionTokens(suite, model);
  const observedMean = observed.length ? mean(observed) : undefined;
  const expected = Math.round((observedMean ?? 0) * calls.live);
  const max = calls.live === 0 ? 0 : maxKnown ? liveMax : undefined;
  const price = caller.price(model);
  const usd = (input: number, output: number) =>
    price ? (input * price.input + output * price.output) / 1_000_000 : 0;
  return {
    suite,
    model,
    ...(router === undefined ? {} : { router }),
    encoding: tok.encoding,
    exact: tok.exact,
    calls,
    inputTokens: {
      all: counts.reduce((a, b) => a + b, 0),
      live: liveInput,
      p95: Math.round(percentile(counts, 95) ?? 0),
    },
    contextWindow: contextWindow(id),
    outputTokens: { expected, max, observedMean },
    costUsd: price
      ? {
          low: usd(liveInput, expected),
          high: max === undefined ? undefined : usd(liveInput, max),
        }
      : undefined,
  };
}

function totalOf(rows: EstimateRow[], caller: ModelCaller): Estimate["total"] {
  const calls = { live: 0, replayed: 0, cached: 0 };
  let low = 0;
  let high: number | undefined = 0;
  const unpriced = new Set<string>();
  for (const r of rows) {
    calls.live += r.calls.live;
    calls.replayed += r.calls.replayed;
    calls.cached += r.calls.cached;
    if (r.calls.live === 0) continue;
    if (!r.costUsd || caller.price(r.model) === undefined) {
      unpriced.add(r.model);
      continue;
    }
    low += r.costUsd.low;
    high = high === undefined || r.costUsd.high === undefined ? undefined : high + r.costUsd.high;
  }
  return {
    calls,
    inputTokens: rows.reduce((a, r) => a + r.inputTokens.all, 0),
    liveInputTokens: rows.reduce((a, r) => a + r.inputTokens.live, 0),
    costUsd: { low, high },
    unpriced: [...unpriced],
  };
}
