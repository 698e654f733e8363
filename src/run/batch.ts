import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { RunError } from "../errors.js";
import { parseBatchFile } from "../provider/batch-results.js";
import { type BatchApi, type BatchState, finalBatchStates } from "../provider/batch-types.js";
import { pause } from "../provider/call-limits.js";
import type { ModelCaller } from "../provider/caller.js";
import type { CallResult } from "../provider/types.js";
import { writeFileAtomic } from "../util/fs.js";
import { getOrSet } from "../util/map.js";
import { overBudget, taskRequest } from "./budget.js";
import type { EventSink } from "./events.js";
import type { Task } from "./plan.js";
import { RESULTS, readJson } from "./run-dir.js";
import { trialId } from "./types.js";

/** The run folder's record of its batches: what --resume re-attaches to. */
export const BATCH = "batch.json";

const batchFileSchema = z.object({
  schemaVersion: z.literal(1),
  batches: z.array(
    z.object({
      /** The model calls of the trials, or the judge calls on their answers (a second batch). */
      kind: z.enum(["model", "judge"]).default("model"),
      model: z.string(),
      batchId: z.string(),
      inputFileId: z.string(),
      /** custom_id (one per trial) -> the request key the caller answers by. */
      requests: z.record(z.string(), z.string()),
    }),
  ),
});
type BatchRecord = z.infer<typeof batchFileSchema>["batches"][number];

export interface BatchRunOptions {
  tasks: Task[];
  caller: ModelCaller;
  runDir: string;
  pollMs: number;
  signal: AbortSignal;
  onEvent: EventSink;
  /**
   * The judge calls on the batch's answers that no recording or cache answers, for a second batch;
   * asked once the model calls' answers are in.
   */
  judges?: () => Promise<BatchItem[]>;
}

/** One request of a batch: its line's body, and the key the caller answers it by. */
export interface BatchItem {
  model: string;
  customId: string;
  key: string;
  body: Record<string, unknown>;
}

/**
 * Send the trials' model calls that no recording or cache answers as one batch per model, wait for
 * them, and hand the answers to the caller by request key, so the run then scores, records and
 * reports them as if they had been called live. Then the same for the judge calls on those
 * answers, as a second batch per judge model. A batch already in batch.json is re-attached to.
 */
export async function runBatches(o: BatchRunOptions): Promise<void> {
  const path = join(o.runDir, BATCH);
  const records = existsSync(path)
    ? (await readJson(path, "the run's batches", batchFileSchema)).batches
    : [];
  const models = new Set(o.tasks.map((t) => t.model));
  await submit("model", await modelItems(o.tasks, o.caller), records, o);
  await collectAll(
    records.filter((r) => r.kind === "model" && models.has(r.model)),
    o,
  );
  if (!o.judges) return;
  await submit("judge", await o.judges(), records, o);
  await collectAll(
    records.filter((r) => r.kind === "judge"),
    o,
  );
}

/** One batch per model of these items, unless batch.json has that model's batch of this kind. */
async function submit(
  kind: BatchRecord["kind"],
  items: BatchItem[],
  records: BatchRecord[],
  o: BatchRunOptions,
): Promise<void> {
  const byModel = new Map<string, BatchItem[]>();
  for (const it of items) getOrSet(byModel, it.model, (): BatchItem[] => []).push(it);
  for (const [model, lines] of byModel) {
    if (records.some((r) => r.kind === kind && r.model === model)) continue;
    const api = await o.caller.batchApi(model);
    const jsonl = lines
      .map((l) =>
        JSON.stringify({
          custom_id: l.customId,
          method: "POST",
          url: "/v1/chat/completions",
          body: l.body,
        }),
      )
      .join("\n");
    const fileId = await api.upload(`llmops-${kind}-${model}.jsonl`, jsonl);
    const state = await api.create(fileId, { llmops_model: model, llmops_kind: kind });
    records.push({
      kind,
      model,
      batchId: state.id,
      inputFileId: fileId,
      requests: Object.fromEntries(lines.map((l) => [l.customId, l.key])),
    });
    // Saved before waiting: a stopped process re-attaches instead of paying twice. An empty
    // results.jsonl marks the folder as a run that --resume can finish.
    await appendFile(join(o.runDir, RESULTS), "");
    await writeFileAtomic(
      join(o.runDir, BATCH),
      `${JSON.stringify({ schemaVersion: 1, batches: records }, null, 2)}\n`,
    );
    o.onEvent({
      type: "batch",
      message: `batch ${state.id}: ${lines.length} ${kind === "judge" ? "judge " : ""}requests for ${model} submitted`,
    });
  }
}

async function collectAll(records: BatchRecord[], o: BatchRunOptions): Promise<void> {
  for (const r of records) o.caller.prefill(await collect(r, await o.caller.batchApi(r.model), o));
}

/**
 * One batch item per trial whose request no recording or cache answers: the request the run will
 * look its answer up by (taskRequest: maxTokens capped by the budget), and none over budget
 * (the run refuses those without a call).
 */
async function modelItems(tasks: Task[], caller: ModelCaller): Promise<BatchItem[]> {
  const { requestBody } = await import("../provider/openai.js");
  const items: BatchItem[] = [];
  for (const t of tasks) {
    const req = taskRequest(t);
    if (await overBudget(t, req, caller)) continue;
    const { key, request } = caller.keyOf(t.model, req, t.trial);
    const site = { suite: t.suite.name, case: t.case.id, trial: t.trial, kind: "model" as const };
    if (await caller.stored(site, key)) continue;
    const customId = trialId({
      suite: t.suite.name,
      model: t.model,
      case: t.case.id,
      trial: t.trial,
    });
    items.push({ model: t.model, customId, key, body: requestBody(request) });
  }
  return items;
}

/** Wait for a batch to end; its answers by request key (expired requests are timeouts). */
async function collect(
  r: BatchRecord,
  api: BatchApi,
  o: BatchRunOptions,
): Promise<Map<string, CallResult>> {
  const state = await waitFor(r, api, o);
  if (state.status === "failed")
    throw new RunError(
      `batch ${r.batchId} for ${r.model} failed: ${state.errors.join("; ") || "no reason given"}`,
      "fix the cause and run again; --resume re-attaches to the same failed batch, so start a new run",
      "batch_failed",
    );
  const answers = new Map<string, CallResult>();
  for (const fileId of [state.outputFileId, state.errorFileId]) {
    if (!fileId) continue;
    for (const a of parseBatchFile(await api.content(fileId))) {
      const key = r.requests[a.customId];
      if (key) answers.set(key, a.result);
    }
  }
  for (const key of Object.values(r.requests)) {
    if (answers.has(key)) continue;
    const message = `the batch ended (${state.status}) before this request ran`;
    answers.set(key, { ok: false, error: { class: "timeout", message }, latencyMs: 0 });
  }
  return answers;
}

async function waitFor(r: BatchRecord, api: BatchApi, o: BatchRunOptions): Promise<BatchState> {
  for (;;) {
    const s = await api.retrieve(r.batchId);
    const { completed, failed, total } = s.counts;
    o.onEvent({
      type: "batch",
      message: `batch ${s.id} (${r.model}): ${s.status}, ${completed + failed}/${total} done${failed ? `, ${failed} failed` : ""}`,
    });
    if (finalBatchStates.has(s.status)) return s;
    if (!(await pause(o.pollMs, o.signal)))
      throw new RunError(
        `stopped while waiting for batch ${r.batchId}; it goes on at the provider`,
        `re-attach to it with: llmops eval --resume ${o.runDir}`,
        "batch_interrupted",
      );
  }
}
