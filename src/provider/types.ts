import type { ChatRequest } from "../prompt/render.js";

export type { ChatRequest };

/** Where a call's answer came from: a recording, the local cache, or the endpoint. */
export const responseSources = ["fixture", "cache", "live"] as const;
export type ResponseSource = (typeof responseSources)[number];

/** Why a call failed, in words a report can group by. */
export const errorClasses = [
  "rate_limit",
  "context_length_exceeded",
  "content_filter",
  "timeout",
  "server",
  "auth",
  "bad_request",
  /** The endpoint does not know the model id (404 or code model_not_found). */
  "model_not_found",
  "network",
  /** A stream that ended without a finish_reason: the answer may be cut short. */
  "truncated",
  /** HTTP 200 whose body is not an answer (an HTML page, JSON cut short, no choices). */
  "bad_response",
  /** A judge call that failed after its retries: the case could not be scored. */
  "judge_error",
  /** A request over its suite's token budget (budget.inputTokens): failed before any call. */
  "over_budget",
  "aborted",
] as const;
export type ErrorClass = (typeof errorClasses)[number];

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Of promptTokens, those read from the provider's prompt cache (usage.prompt_tokens_details). */
  cachedTokens?: number | undefined;
}

/** A tool the model may call (judges use one when the endpoint lacks json_schema). */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A chat request plus what only the provider needs. */
export interface ProviderRequest extends ChatRequest {
  /** Force this tool to be called. */
  tool?: ToolSpec;
  /** Ask the moderation endpoint about this text instead of chatting (`messages` is empty). */
  moderationInput?: string;
}

/** A model's answer and the measurements of the call that produced it. */
export interface Completion {
  content: string;
  /** Arguments of the forced tool call, when a tool was requested. */
  toolArguments?: string | undefined;
  finishReason: string | null;
  usage: Usage | undefined;
  latencyMs: number;
  /** Time to the first content token; undefined without streaming. */
  ttftMs: number | undefined;
}

export interface CallError {
  class: ErrorClass;
  message: string;
  status?: number | undefined;
}

export type CallResult =
  | { ok: true; completion: Completion }
  | { ok: false; error: CallError; latencyMs: number };

/** Something that answers chat requests: a live endpoint, or recordings of one. */
export interface Provider {
  complete(request: ProviderRequest, signal?: AbortSignal): Promise<CallResult>;
}

/**
 * What calling models reports as it goes: a failed HTTP attempt (the SDK retries it unless its
 * attempts are spent), or the local response cache failing to keep an answer (once a run: the
 * run goes on without writing it).
 */
export type ProviderEvent =
  | { type: "attempt_failed"; model: string; status: number | undefined }
  | { type: "cache_unwritable"; message: string };
