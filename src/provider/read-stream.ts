import type OpenAI from "openai";
import { badResponse, CallFailure } from "./call-limits.js";
import type { CallError, Completion, ProviderRequest, Usage } from "./types.js";

/** The part of a streamed chat completion chunk llmops reads (the SDK's type, structurally). */
interface Chunk {
  choices?: {
    delta?: {
      content?: string | null;
      tool_calls?: { function?: { arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: ApiUsage | null;
}

/** The usage block of a chat completion, as the API sends it (the SDK's type, structurally). */
export interface ApiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number | undefined } | null | undefined;
}

/** The API's usage as llmops keeps it; cached prompt tokens only when the endpoint reports them. */
export function usageFromApi(u: ApiUsage): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens;
  return {
    promptTokens: u.prompt_tokens,
    completionTokens: u.completion_tokens,
    ...(typeof cached === "number" ? { cachedTokens: cached } : {}),
  };
}

/** What a streamed answer adds up to, chunk by chunk. */
export interface StreamAcc {
  chunks: number;
  content: string;
  args: string;
  finish: string | null;
  usage: Completion["usage"];
  ttft: number | undefined;
}

function emptyAcc(): StreamAcc {
  return { chunks: 0, content: "", args: "", finish: null, usage: undefined, ttft: undefined };
}

export async function readStream(
  stream: AsyncIterable<Chunk>,
  idle: NodeJS.Timeout,
  t0: number,
): Promise<StreamAcc> {
  const acc = emptyAcc();
  for await (const chunk of stream) {
    idle.refresh();
    acc.chunks++;
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    if (delta?.content) {
      acc.ttft ??= performance.now() - t0;
      acc.content += delta.content;
    }
    for (const tc of delta?.tool_calls ?? []) {
      acc.ttft ??= performance.now() - t0;
      acc.args += tc.function?.arguments ?? "";
    }
    if (choice?.finish_reason) acc.finish = choice.finish_reason;
    if (chunk.usage) acc.usage = usageFromApi(chunk.usage);
  }
  return acc;
}

/** A stream that ended without saying why it ended is not a whole answer. */
export function checkWhole(acc: StreamAcc, contentType: string | null): void {
  if (acc.finish !== null) return;
  if (acc.chunks === 0 && !/event-stream/i.test(contentType ?? ""))
    throw new CallFailure(badResponse(contentType, ""), false);
  const error: CallError = {
    class: "truncated",
    message: `the stream ended without a finish_reason after ${acc.content.length + acc.args.length} characters: the answer may be cut short`,
  };
  throw new CallFailure(error, true);
}

export function completionOf(acc: StreamAcc, req: ProviderRequest, t0: number): Completion {
  return {
    content: acc.content,
    toolArguments: req.tool ? acc.args : undefined,
    finishReason: acc.finish,
    usage: acc.usage,
    latencyMs: performance.now() - t0,
    ttftMs: acc.ttft,
  };
}

/**
 * A plain chat completion as a Completion. Here, not in openai.ts, because batch results use it
 * too: importing it from openai.ts loaded the SDK into every run, replays included.
 */
export function fromMessage(r: OpenAI.Chat.ChatCompletion, latencyMs: number): Completion {
  const choice = r.choices?.[0];
  const call = choice?.message?.tool_calls?.[0];
  return {
    content: choice?.message?.content ?? "",
    toolArguments: call && "function" in call ? call.function.arguments : undefined,
    finishReason: choice?.finish_reason ?? null,
    usage: r.usage ? usageFromApi(r.usage) : undefined,
    latencyMs,
    ttftMs: undefined,
  };
}
