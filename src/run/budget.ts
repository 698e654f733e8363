import { buildRequest } from "../prompt/render.js";
import { lookupVariable, templateParts, valueText } from "../prompt/template.js";
import { contextWindow } from "../provider/pricing.js";
import { countChat, loadEncoder, tokenizerFor } from "../provider/tokens.js";
import type { CallError, ChatRequest } from "../provider/types.js";
import { getOrSet } from "../util/map.js";
import { extend } from "../util/object.js";
import { groupDigits, percentile, round } from "../util/stats.js";
import type { SuiteSummary } from "./aggregate.js";
import type { Task } from "./plan.js";

/** A task's request without its model: rendered, with maxTokens capped by budget.outputTokens. */
export function taskRequest(task: Task): Omit<ChatRequest, "model"> {
  const { model: _m, ...req } = buildRequest(task.suite.prompt, task.model, task.case.vars, {
    literal: task.suite.kind === "prompt",
  });
  const cap = task.suite.budget?.outputTokens;
  if (cap === undefined) return req;
  return extend(req, { maxTokens: Math.min(req.maxTokens ?? cap, cap) });
}

/** What budgets need of the model caller: the model id an llmops model name stands for. */
export interface ModelIds {
  resolve(model: string): { id: string };
}

/**
 * Why a request may not be sent: its input tokens (counted as `llmops estimate` counts them, with
 * the tokenizer of the model id the task's model name resolves to, and OpenAI's chat framing) are
 * over budget.inputTokens. Undefined when it is within budget or the suite has none.
 */
export async function overBudget(
  task: Task,
  req: Pick<ChatRequest, "messages">,
  models: ModelIds,
): Promise<CallError | undefined> {
  const limit = task.suite.budget?.inputTokens;
  if (limit === undefined) return undefined;
  const tok = tokenizerFor(models.resolve(task.model).id);
  const n = countChat(await loadEncoder(tok.encoding), req.messages).total;
  if (n <= limit) return undefined;
  const how = tok.exact ? tok.encoding : `${tok.encoding}, approximate`;
  return {
    class: "over_budget",
    message: `input is ${groupDigits(n)} tokens (${how}), over budget.inputTokens ${groupDigits(limit)}; no call was made`,
  };
}

export type BudgetProfile = NonNullable<SuiteSummary["budget"]>;

/**
 * Per suite and model with a budget (keyed `suite\u0000model`): the input tokens of each case's
 * request (first trial; trials send the same), their p95 against the model's context window, and
 * the share of all input tokens each variable's values and each message make up.
 */
export async function budgetProfiles(
  tasks: readonly Task[],
  models: ModelIds,
): Promise<Map<string, BudgetProfile>> {
  const groups = new Map<string, Task[]>();
  for (const t of tasks) {
    if (!t.suite.budget || t.trial !== 0) continue;
    const key = `${t.suite.name}\u0000${t.model}`;
    getOrSet(groups, key, (): Task[] => []).push(t);
  }
  const out = new Map<string, BudgetProfile>();
  for (const [key, ts] of groups) {
    const first = ts[0]!;
    const { id } = models.resolve(first.model);
    const encode = await loadEncoder(tokenizerFor(id).encoding);
    const totals: number[] = [];
    const perVar = new Map<string, number>();
    const perMsg: number[] = [];
    for (const t of ts) {
      const req = taskRequest(t);
      const c = countChat(encode, req.messages);
      totals.push(c.total);
      c.perMessage.forEach((n, i) => {
        perMsg[i] = (perMsg[i] ?? 0) + n;
      });
      for (const m of t.suite.prompt.messages)
        for (const part of templateParts(m.content)) {
          if (!("variable" in part)) continue;
          const value = lookupVariable(t.case.vars, part.variable);
          if (value === undefined) continue;
          const n = encode(valueText(value)).length;
          perVar.set(part.variable, (perVar.get(part.variable) ?? 0) + n);
        }
    }
    const all = totals.reduce((a, b) => a + b, 0) || 1;
    const b = first.suite.budget!;
    out.set(key, {
      inputTokens: b.inputTokens ?? null,
      outputTokens: b.outputTokens ?? null,
      input: {
        p95: Math.round(percentile(totals, 95) ?? 0),
        max: Math.max(...totals),
        contextWindow: contextWindow(id) ?? null,
      },
      overBudget: b.inputTokens === undefined ? 0 : totals.filter((n) => n > b.inputTokens!).length,
      perVariable: [...perVar]
        .map(([name, n]) => ({ name, share: round(n / all) }))
        .sort((x, y) => y.share - x.share),
      perMessage: first.suite.prompt.messages.map((m, i) => ({
        role: m.role,
        share: round((perMsg[i] ?? 0) / all),
      })),
    });
  }
  return out;
}
