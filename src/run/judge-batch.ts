import { judgeScorerTypes, type ScorerType } from "../config/schema/scorers.js";
import type { Config } from "../config/types.js";
import type { ModelCaller } from "../provider/caller.js";
import { applyScorer } from "../scorer/apply.js";
import type { JudgeCaller, ScorerRegistry } from "../scorer/types.js";
import type { BatchItem } from "./batch.js";
import { taskRequest } from "./budget.js";
import { judgeCall } from "./judge-caller.js";
import type { Task } from "./plan.js";

/** What the judge scorers' requests depend on besides the tasks. */
export interface JudgeBatchOptions {
  caller: ModelCaller;
  registry: ScorerRegistry;
  config: Config;
  signal: AbortSignal;
}

const PLACEHOLDER = { error: { class: "server", message: "collected for the judge batch" } };

/**
 * The judge calls a batch run will make, for a second batch: each trial whose model answer is
 * already known without a call (the first batch's, a recording's or the cache's) runs its judge
 * scorers against a judge that only notes the request. Requests a recording or the cache answers
 * are left out, and each distinct request is sent once. A judge whose second call depends on its
 * first answer gets only its first call batched; the rest run live with the trial.
 */
export async function judgeBatchItems(
  tasks: readonly Task[],
  o: JudgeBatchOptions,
): Promise<BatchItem[]> {
  const { requestBody } = await import("../provider/openai.js");
  const items = new Map<string, BatchItem>();
  for (const task of tasks) {
    const scorers = [...task.suite.scorers, ...task.case.scorers].filter((s) =>
      judgeScorerTypes.has(s.type as ScorerType),
    );
    if (scorers.length === 0) continue;
    const req = taskRequest(task);
    const site = { suite: task.suite.name, case: task.case.id, trial: task.trial };
    const answer = await o.caller.peek(task.model, req, { ...site, kind: "model" });
    if (!answer?.ok) continue;
    const judge: JudgeCaller = async (jr) => {
      const call = judgeCall(o.caller, task, o.config, jr);
      const { key, request } = o.caller.keyOf(call.model, call.req, task.trial);
      if (!items.has(key) && !(await o.caller.stored(call.site, key)))
        items.set(key, {
          model: call.model,
          customId: `judge-${key}`,
          key,
          body: requestBody(request),
        });
      return PLACEHOLDER;
    };
    const ctx = {
      output: answer.completion.content,
      case: task.case,
      suite: task.suite,
      completion: answer.completion,
      cost: undefined,
      signal: o.signal,
      root: o.config.root,
      messages: req.messages,
      judge,
    };
    for (const s of scorers) await applyScorer(o.registry, s, ctx);
  }
  return [...items.values()];
}
