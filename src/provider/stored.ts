import { z } from "zod";
import type { Completion } from "./types.js";

/** A response as the cache keeps it (and recordings, with their own strict schema). */
export const storedResponseSchema = z.object({
  content: z.string(),
  toolArguments: z.string().optional(),
  finishReason: z.string().nullable(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }).optional(),
  /** Measured when the response was recorded; replays report these figures. */
  latencyMs: z.number(),
  ttftMs: z.number().optional(),
});

/** A response as recordings and the cache keep it: what the model said and how the call went. */
export type StoredResponse = z.infer<typeof storedResponseSchema>;

export function toStored(c: Completion): StoredResponse {
  return {
    content: c.content,
    ...(c.toolArguments !== undefined ? { toolArguments: c.toolArguments } : {}),
    finishReason: c.finishReason,
    ...(c.usage
      ? {
          usage: { promptTokens: c.usage.promptTokens, completionTokens: c.usage.completionTokens },
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

/** Same answer (content, tool call, finish reason, usage), whatever the timings. */
export function sameAnswer(a: StoredResponse, b: StoredResponse): boolean {
  return (
    a.content === b.content &&
    a.toolArguments === b.toolArguments &&
    a.finishReason === b.finishReason &&
    a.usage?.promptTokens === b.usage?.promptTokens &&
    a.usage?.completionTokens === b.usage?.completionTokens
  );
}
