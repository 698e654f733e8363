import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { RunError } from "../errors.js";
import { buildRequest } from "../prompt/render.js";
import { parseBatchFile } from "../provider/batch-results.js";
import { type BatchApi, type BatchState, finalBatchStates } from "../provider/batch-types.js";
import { pause } from "../provider/call-limits.js";
import type { ModelCaller } from "../provider/caller.js";
import type { CallResult } from "../provider/types.js";
import { writeFileAtomic } from "../util/fs.js";
import { getOrSet } from "../util/map.js";
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
}

/**
 * Send the trials' model calls that no recording or cache answers as one batch per model, wait for
 * them, and hand the answers to the caller by request key, so the run then scores, records and
 * reports them as if they had been called live. A batch already in batch.json is re-attached to.
 */
export async function runBatches(o: BatchRunOptions): Promise<void> {
  const path = join(o.runDir, BATCH);
  const known = existsSync(path)
    ? (await readJson(path, "the run's batches", batchFileSchema)).batches
    : [];
  const records = [...known];
  for (const [model, tasks] of byModel(o.tasks)) {
    if (records.some((r) => r.model === model)) continue;
    const lines = await requestLines(tasks, o.caller);
    if (lines.length === 0) continue;
    const api = await o.caller.batchApi(model);
    const fileId = await api.upload(`llmops-${model}.jsonl`, lines.map((l) => l.json).join("\n"));
    const state = await api.create(fileId, { llmops_model: model });
    records.push({
      model,
      batchId: state.id,
      inputFileId: fileId,
      requests: Object.fromEntries(lines.map((l) => [l.customId, l.key])),
    });
    // Saved before waiting: a stopped process re-attaches instead of paying twice. An empty
    // results.jsonl marks the folder as a run that --resume can finish.
    await appendFile(join(o.runDir, RESULTS), "");
    await writeFileAtomic(
      path,
      `${JSON.stringify({ schemaVersion: 1, batches: records }, null, 2)}\n`,
    );
    o.onEvent({
      type: "batch",
      message: `batch ${state.id}: ${lines.length} requests for ${model} submitted`,
    });
  }
  const models = new Set(o.tasks.map((t) => t.model));
  for (const r of records.filter((x) => models.has(x.model)))
    o.caller.prefill(await collect(r, await o.caller.batchApi(r.model), o));
}

function byModel(tasks: Task[]): Map<string, Task[]> {
  const m = new Map<string, Task[]>();
  for (const t of tasks) getOrSet(m, t.model, (): Task[] => []).push(t);
  return m;
}

/** One JSONL line per trial whose request no recording or cache answers. */
async function requestLines(
  tasks: Task[],
  caller: ModelCaller,
): Promise<{ customId: string; key: string; json: string }[]> {
  const { requestBody } = await import("../provider/openai.js");
  const lines = [];
  for (const t of tasks) {
    const { model: _m, ...req } = buildRequest(t.suite.prompt, t.model, t.case.vars, {
      literal: t.suite.kind === "prompt",
    });
    const { key, request } = caller.keyOf(t.model, req, t.trial);
    const site = { suite: t.suite.name, case: t.case.id, trial: t.trial, kind: "model" as const };
    if (await caller.stored(site, key)) continue;
    const customId = trialId({
      suite: t.suite.name,
      model: t.model,
      case: t.case.id,
      trial: t.trial,
    });
    const line = {
      custom_id: customId,
      method: "POST",
      url: "/v1/chat/completions",
      body: requestBody(request),
    };
    lines.push({ customId, key, json: JSON.stringify(line) });
  }
  return lines;
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
