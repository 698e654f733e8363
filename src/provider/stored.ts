import { z } from "zod";
import type { CallError, CallResult, Completion, ErrorClass } from "./types.js";

/** A response as the cache keeps it (and recordings, with their own strict schema). */
export const storedResponseSchema = z.object({
  content: z.string(),
  toolArguments: z.string().optional(),
  finishReason: z.string().nullable(),
  usage: z
    .object({
      promptTokens: z.number(),
      completionTokens: z.number(),
      cachedTokens: z.number().optional(),
    })
    .optional(),
  /** Measured when the response was recorded; replays report these figures. */
  latencyMs: z.number(),
  ttftMs: z.number().optional(),
});

/** A response as recordings and the cache keep it: what the model said and how the call went. */
export type StoredResponse = z.infer<typeof storedResponseSchema>;

/**
 * A failure recorded like a response: the same request fails the same way every time (the prompt
 * is too long, the filter refuses it, the request is invalid), so a replay reproduces it.
 */
export interface StoredFailure {
  error: { class: DeterministicFailure; message: string };
  latencyMs: number;
}

/** Failures that depend on the request only: recorded, unlike outages and rate limits. */
export const deterministicFailures = [
  "context_length_exceeded",
  "content_filter",
  "bad_request",
] as const satisfies readonly ErrorClass[];
export type DeterministicFailure = (typeof deterministicFailures)[number];

function isDeterministic(c: ErrorClass): c is DeterministicFailure {
  return (deterministicFailures as readonly ErrorClass[]).includes(c);
}

export function isStoredFailure(s: StoredResponse | StoredFailure): s is StoredFailure {
  return "error" in s;
}

/** The recording of a failed call, when it is one a replay should reproduce. */
export function toStoredFailure(error: CallError, latencyMs: number): StoredFailure | undefined {
  const cls = error.class;
  return isDeterministic(cls)
    ? { error: { class: cls, message: error.message }, latencyMs: Math.round(latencyMs) }
    : undefined;
}

/** A recording as the result of a call: the answer, or the recorded failure. */
export function storedResult(s: StoredResponse | StoredFailure): CallResult {
  return isStoredFailure(s)
    ? { ok: false, error: { ...s.error }, latencyMs: s.latencyMs }
    : { ok: true, completion: fromStored(s) };
}

export function toStored(c: Completion): StoredResponse {
  return {
    content: c.content,
    ...(c.toolArguments !== undefined ? { toolArguments: c.toolArguments } : {}),
    finishReason: c.finishReason,
    ...(c.usage
      ? {
          usage: {
            promptTokens: c.usage.promptTokens,
            completionTokens: c.usage.completionTokens,
            ...(c.usage.cachedTokens !== undefined ? { cachedTokens: c.usage.cachedTokens } : {}),
          },
        }
      : {}),
    latencyMs: Math.round(c.latencyMs),
    ...(c.ttftMs !== undefined ? { ttftMs: Math.round(c.ttftMs) } : {}),
  };
}

export function fromStored(s: StoredResponse): Completion {
  return {
    content: s.content,
    toolArguments: s.toolArguments,
    finishReason: s.finishReason,
    usage: s.usage,
    latencyMs: s.latencyMs,
    ttftMs: s.ttftMs,
  };
}

/**
 * Same answer (content, tool call, finish reason, usage, or failure), whatever the timings and
 * prompt-cache hits (those depend on when the call was made, not on the request).
 */
export function sameAnswer(
  a: StoredResponse | StoredFailure,
  b: StoredResponse | StoredFailure,
): boolean {
  if (isStoredFailure(a) || isStoredFailure(b))
    return (
      isStoredFailure(a) &&
      isStoredFailure(b) &&
      a.error.class === b.error.class &&
      a.error.message === b.error.message
    );
  return (
    a.content === b.content &&
    a.toolArguments === b.toolArguments &&
    a.finishReason === b.finishReason &&
    a.usage?.promptTokens === b.usage?.promptTokens &&
    a.usage?.completionTokens === b.usage?.completionTokens
  );
}
