import { buildRequest } from "../prompt/render.js";
import { countChat, loadEncoder, tokenizerFor } from "../provider/tokens.js";
import type { CallError, ChatRequest } from "../provider/types.js";
import type { Task } from "./plan.js";

/** A task's request without its model: rendered, with maxTokens capped by budget.outputTokens. */
export function taskRequest(task: Task): Omit<ChatRequest, "model"> {
  const { model: _m, ...req } = buildRequest(task.suite.prompt, task.model, task.case.vars, {
    literal: task.suite.kind === "prompt",
  });
  const cap = task.suite.budget?.outputTokens;
  if (cap === undefined) return req;
  return { ...req, maxTokens: Math.min(req.maxTokens ?? cap, cap) };
}

/**
 * Why a request may not be sent: its input tokens (counted as `llmops estimate` counts them, with
 * the model's tokenizer and OpenAI's chat framing) are over budget.inputTokens. Undefined when it
 * is within budget or the suite has none.
 */
export async function overBudget(
  task: Task,
  req: Pick<ChatRequest, "messages">,
): Promise<CallError | undefined> {
  const limit = task.suite.budget?.inputTokens;
  if (limit === undefined) return undefined;
  const tok = tokenizerFor(task.model);
  const n = countChat(await loadEncoder(tok.encoding), req.messages).total;
  if (n <= limit) return undefined;
  const how = tok.exact ? tok.encoding : `${tok.encoding}, approximate`;
  return {
    class: "over_budget",
    message: `input is ${n.toLocaleString("en-US")} tokens (${how}), over budget.inputTokens ${limit.toLocaleString("en-US")}; no call was made`,
  };
}
