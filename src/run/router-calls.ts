import pLimit from "p-limit";
import { isLlmRouter } from "../config/schema/suite.js";
import type { Case } from "../dataset/types.js";
import { LlmopsError, ReplayMissError } from "../errors.js";
import { buildRequest } from "../prompt/render.js";
import type { Prompt } from "../prompt/types.js";
import type { CallMode, ModelCaller } from "../provider/caller.js";
import type { ProviderRequest } from "../provider/types.js";
import { routerModel } from "../suite/check-routers.js";
import type { Suite } from "../suite/types.js";
import { extend } from "../util/object.js";
import type { Task } from "./plan.js";
import type { RouterAnswer } from "./types.js";

/** One LLM router call: a router's classifier prompt for one case. */
export interface RouterTask {
  suite: Suite;
  router: string;
  prompt: Prompt;
  model: string;
  case: Case;
}

const SHOW = 5;

/**
 * The LLM router calls a plan needs: each LLM router of each suite, once per planned case (trial
 * 0 only: a router decides a request once, however many trials its answers get).
 */
export function planRouterCalls(tasks: readonly Task[]): RouterTask[] {
  const out: RouterTask[] = [];
  const seen = new Set<string>();
  for (const t of tasks) {
    if (t.trial !== 0) continue;
    for (const r of t.suite.routing?.routers ?? []) {
      if (!isLlmRouter(r)) continue;
      const prompt = t.suite.routerPrompts?.[r.name];
      const model = routerModel(r, prompt);
      const id = `${t.suite.name}\u0000${r.name}\u0000${t.case.id}`;
      if (!prompt || model === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push({ suite: t.suite, router: r.name, prompt, model, case: t.case });
    }
  }
  return out;
}

/** The request a router call sends: its prompt rendered with the case's variables (strict). */
export function routerRequest(t: RouterTask): Omit<ProviderRequest, "model"> {
  const { model: _m, ...req } = buildRequest(t.prompt, t.model, t.case.vars);
  return req;
}

export const routerSite = (t: RouterTask) => ({
  suite: t.suite.name,
  case: t.case.id,
  trial: 0,
  kind: "router" as const,
  scorer: t.router,
});

const label = (t: RouterTask) => `${t.suite.name}/${t.case.id} (router ${t.router}, ${t.model})`;

/**
 * Before any call: with --replay every router call needs its recording, and a call that would go
 * live needs its model's key, so a run never stops at its routers after paying for its models.
 */
export async function precheckRouters(
  tasks: readonly RouterTask[],
  caller: ModelCaller,
  mode: CallMode,
  recordHint: string,
): Promise<void> {
  const keyless = (t: RouterTask) => caller.apiKey(t.model) === undefined;
  if (mode !== "replay" && !tasks.some(keyless)) return;
  const missing: RouterTask[] = [];
  for (const t of tasks) {
    const { key } = caller.keyOf(t.model, routerRequest(t), 0);
    if (!(await caller.stored(routerSite(t), key))) missing.push(t);
  }
  const list = (ts: RouterTask[]) =>
    ts.slice(0, SHOW).map(label).join(", ") +
    (ts.length > SHOW ? ` and ${ts.length - SHOW} more` : "");
  if (mode === "replay" && missing.length > 0)
    throw new ReplayMissError(
      `${missing.length} router call${missing.length === 1 ? " has" : "s have"} no recorded response: ${list(missing)}`,
      `record them with: ${recordHint}`,
    );
  const noKey = missing.filter(keyless);
  if (noKey.length > 0) {
    const first = noKey[0]!;
    throw caller.noKeyError(first.model, { suite: first.suite.name, case: first.case.id });
  }
}

/**
 * Call every router task through the model caller (recordings, cache, live; each call goes to
 * calls.jsonl as kind "router"), at most `concurrency` at a time. A failed call (after the SDK's
 * retries) is kept as that router's error on that case, never a route.
 */
export async function callRouters(
  tasks: readonly RouterTask[],
  caller: ModelCaller,
  concurrency: number,
  signal: AbortSignal,
): Promise<RouterAnswer[]> {
  const limit = pLimit(Math.max(1, concurrency));
  const answers = await Promise.all(tasks.map((t) => limit(() => callRouter(t, caller, signal))));
  return answers.filter((a): a is RouterAnswer => a !== undefined);
}

async function callRouter(
  t: RouterTask,
  caller: ModelCaller,
  signal: AbortSignal,
): Promise<RouterAnswer | undefined> {
  if (signal.aborted) return undefined;
  const base = { suite: t.suite.name, router: t.router, case: t.case.id, model: t.model };
  try {
    const out = await caller.call(t.model, routerRequest(t), routerSite(t), signal);
    if (!out.result.ok) {
      if (out.result.error.class === "aborted") return undefined;
      const { class: cls, message } = out.result.error;
      return extend(base, {
        answer: null,
        error: { class: cls, message },
        cost: null,
        source: out.source,
      });
    }
    return extend(base, {
      answer: out.result.completion.content,
      error: null,
      cost: out.cost ?? null,
      source: out.source,
    });
  } catch (err) {
    // The precheck makes these rare (a recording removed mid-run); the case is counted, not lost.
    if (!(err instanceof LlmopsError)) throw err;
    return extend(base, {
      answer: null,
      error: { class: err.code, message: err.message },
      cost: null,
      source: "live" as const,
    });
  }
}
