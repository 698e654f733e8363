import { ReplayMissError, RunError, UsageError } from "../errors.js";
import type { CallMode, ModelCaller } from "../provider/caller.js";
import { overBudget, taskRequest } from "./budget.js";
import type { Task } from "./plan.js";

const SHOW = 5;

/**
 * Before any call: every model call the plan needs must be answerable in this mode, so a run
 * never stops half-way for a missing recording or key. Judge calls depend on outputs and are
 * checked as they happen. Returns the request key of each task it looked up, so the run hashes
 * each request once; when no lookup could stop the run (a key for every model, prices where a
 * budget needs them, not --replay) it looks nothing up.
 */
export async function precheck(
  tasks: Task[],
  caller: ModelCaller,
  mode: CallMode,
  maxCost: number | undefined,
  recordHint: string,
): Promise<Map<Task, string>> {
  const keys = new Map<Task, string>();
  if (!canStop(tasks, caller, mode, maxCost)) return keys;
  const missing: Task[] = [];
  for (const t of tasks) {
    const req = taskRequest(t);
    const { key } = caller.keyOf(t.model, req, t.trial);
    keys.set(t, key);
    // A request over its token budget is never sent: it needs no recording and no key.
    if (await overBudget(t, req, caller)) continue;
    const hit = await caller.stored(
      { suite: t.suite.name, case: t.case.id, trial: t.trial, kind: "model" },
      key,
    );
    if (!hit) missing.push(t);
  }
  refuseMissing(missing, caller, mode, maxCost, recordHint);
  return keys;
}

/** Whether a missing stored response could stop the run before it starts. */
function canStop(
  tasks: Task[],
  caller: ModelCaller,
  mode: CallMode,
  maxCost: number | undefined,
): boolean {
  if (mode === "replay") return true;
  const models = [...new Set(tasks.map((t) => t.model))];
  return models.some(
    (m) =>
      caller.apiKey(m) === undefined || (maxCost !== undefined && caller.price(m) === undefined),
  );
}

function refuseMissing(
  missing: Task[],
  caller: ModelCaller,
  mode: CallMode,
  maxCost: number | undefined,
  recordHint: string,
): void {
  const list = (ts: Task[]) =>
    ts
      .slice(0, SHOW)
      .map((t) => `${t.suite.name}/${t.case.id} (trial ${t.trial + 1}, ${t.model})`)
      .join(", ") + (ts.length > SHOW ? ` and ${ts.length - SHOW} more` : "");
  if (mode === "replay" && missing.length > 0) {
    throw new ReplayMissError(
      `${missing.length} call${missing.length === 1 ? " has" : "s have"} no recorded response: ${list(missing)}`,
      `record them with: ${recordHint}`,
    );
  }
  const noKey = missing.filter((t) => caller.apiKey(t.model) === undefined);
  if (noKey.length > 0) {
    const first = noKey[0]!;
    const err = caller.noKeyError(first.model, { suite: first.suite.name, case: first.case.id });
    throw new RunError(
      `${noKey.length} call${noKey.length === 1 ? "" : "s"} need a live model: ${list(noKey)}; ${err.message.replace(/^.*, and /, "")}`,
      err.hint,
      "no_credentials",
    );
  }
  if (maxCost !== undefined) {
    const unpriced = [...new Set(missing.map((t) => t.model))].filter(
      (m) => caller.price(m) === undefined,
    );
    if (unpriced.length > 0) {
      throw new UsageError(
        `--max-cost cannot be enforced: no price for ${unpriced.join(", ")}`,
        `set models.${unpriced[0]}.price: {input, output} (USD per million tokens) in llmops.yaml`,
      );
    }
  }
}
