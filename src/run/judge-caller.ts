import type { Config } from "../config/types.js";
import type { ModelCaller } from "../provider/caller.js";
import type { ProviderRequest } from "../provider/types.js";
import type { JudgeCaller } from "../scorer/types.js";
import type { Task } from "./plan.js";

/** The judge model when neither the scorer, the suite nor llmops.yaml names one. */
export const DEFAULT_JUDGE = "gpt-4o-mini";

export function judgeModel(
  scorerModel: string | undefined,
  suiteJudge: string | undefined,
  config: Config,
): string {
  return scorerModel ?? suiteJudge ?? config.judge ?? DEFAULT_JUDGE;
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
    const model = judgeModel(jr.model, task.suite.judge, config);
    const useTool = caller.resolve(model).providerConfig.structuredOutput === "tool";
    const req: Omit<ProviderRequest, "model"> = {
      messages: [
        { role: "system", content: jr.system },
        { role: "user", content: jr.user },
      ],
      temperature: 0,
      ...(useTool
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
    const out = await caller.call(
      model,
      req,
      {
        suite: task.suite.name,
        case: task.case.id,
        trial: task.trial,
        kind: "judge",
        scorer: jr.scorer,
      },
      signal,
    );
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
