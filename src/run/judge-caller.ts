import type { Config } from "../config/types.js";
import type { CallSite, ModelCaller } from "../provider/caller.js";
import { DEFAULT_JUDGE, judgeModel } from "../provider/known-model.js";
import type { CallError, ProviderRequest } from "../provider/types.js";
import { JUDGE_ERROR } from "../scorer/judge/judge.js";
import type { JudgeCaller, JudgeRequest, Score } from "../scorer/types.js";
import type { Task } from "./plan.js";

export { DEFAULT_JUDGE, judgeModel };

/** The call a judge request makes for a trial: the judge model, the request and its site. */
export function judgeCall(
  caller: ModelCaller,
  task: Task,
  config: Config,
  jr: JudgeRequest,
): { model: string; req: Omit<ProviderRequest, "model">; site: CallSite } {
  const model = judgeModel(jr.model, task.suite.judge, config);
  const useTool = caller.resolve(model).providerConfig.structuredOutput === "tool";
  const req: Omit<ProviderRequest, "model"> = {
    messages: [
      ...(jr.system || jr.schema ? [{ role: "system" as const, content: jr.system }] : []),
      { role: "user", content: jr.user },
    ],
    temperature: 0,
    ...(!jr.schema
      ? {}
      : useTool
        ? {
            tool: {
              name: "submit_verdict",
              description: "Submit the evaluation: reasoning first, then the verdict.",
              parameters: jr.schema,
            },
          }
        : {
            responseFormat: {
              type: "json_schema",
              json_schema: { name: "verdict", strict: true, schema: jr.schema },
            },
          }),
  };
  const site: CallSite = {
    suite: task.suite.name,
    case: task.case.id,
    trial: task.trial,
    kind: "judge",
    scorer: jr.scorer,
  };
  return { model, req, site };
}

/**
 * Judge calls for one trial: temperature 0, structured output (a JSON schema response format, or
 * a forced tool call where the provider sets structuredOutput: tool), through the same
 * recordings, cache and live providers as the model under test.
 */
export function makeJudgeCaller(
  caller: ModelCaller,
  task: Task,
  config: Config,
  signal: AbortSignal,
): JudgeCaller {
  return async (jr) => {
    const { model, req, site } = judgeCall(caller, task, config, jr);
    const out = await caller.call(model, req, site, signal);
    if (!out.result.ok) return { error: out.result.error };
    const c = out.result.completion;
    return {
      text: c.toolArguments ?? c.content,
      model,
      usage: c.usage,
      cost: out.cost,
      source: out.source,
    };
  };
}

/**
 * The error of a trial whose judge could not be reached (after its retries): the case could not
 * be scored, so it counts as an error, never as a score of 0. judge_parse stays a score.
 */
export function judgeFailure(scores: Score[]): CallError | undefined {
  const failed = scores.find((s) => s.error === JUDGE_ERROR);
  return failed ? { class: "judge_error", message: `${failed.name}: ${failed.reason}` } : undefined;
}
