import type OpenAI from "openai";
import type { BatchAnswer } from "./batch-types.js";
import { classifyError } from "./classify-error.js";
import { fromMessage } from "./read-stream.js";
import type { CallResult } from "./types.js";

interface BatchLine {
  custom_id?: unknown;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string | null; message?: string } | null;
}

/**
 * The answers of a batch's output and error files. A batch has no per-request timing: latency is
 * 0 and time to first token unknown. A failed line is an error of the class its status says.
 */
export function parseBatchFile(text: string): BatchAnswer[] {
  const answers: BatchAnswer[] = [];
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    let line: BatchLine;
    try {
      line = JSON.parse(raw) as BatchLine;
    } catch {
      continue;
    }
    if (typeof line.custom_id !== "string") continue;
    answers.push({ customId: line.custom_id, result: resultOf(line) });
  }
  return answers;
}

function resultOf(line: BatchLine): CallResult {
  const status = line.response?.status_code;
  const body = line.response?.body as
    | (OpenAI.Chat.ChatCompletion & { error?: { code?: string; message?: string } })
    | undefined;
  if (status === 200 && body && Array.isArray(body.choices))
    return { ok: true, completion: fromMessage(body, 0) };
  if (status === 200)
    return {
      ok: false,
      error: { class: "bad_response", message: "a batch answer that is not a chat completion" },
      latencyMs: 0,
    };
  if (line.error?.code === "batch_expired")
    return {
      ok: false,
      error: { class: "timeout", message: "the batch expired before this request ran" },
      latencyMs: 0,
    };
  const error = body?.error ?? line.error ?? { message: `batch request failed (${status})` };
  return {
    ok: false,
    error: classifyError({ status, error, message: error.message ?? "" }),
    latencyMs: 0,
  };
}
