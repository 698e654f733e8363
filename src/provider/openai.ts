import OpenAI from "openai";
import { classifyError } from "./classify-error.js";
import { toOpenAIBody } from "./models.js";
import type { CallResult, Completion, Provider, ProviderEvent, ProviderRequest } from "./types.js";

export interface OpenAIProviderOptions {
  apiKey: string;
  baseURL: string | undefined;
  /** Stream responses (time to first token, usage in the stream); false for endpoints that cannot. */
  stream: boolean;
  timeoutMs: number;
  maxRetries: number;
  headers?: Record<string, string> | undefined;
  onEvent?: ((e: ProviderEvent) => void) | undefined;
}

/**
 * An OpenAI or OpenAI-compatible endpoint, through the official SDK. The SDK retries 429, 5xx and
 * connection failures honouring Retry-After; this adds only what it cannot do: an idle timeout
 * on a streamed body, and a bounded retry when a stream breaks after it started.
 */
export function createOpenAIProvider(opts: OpenAIProviderOptions): Provider {
  const client = new OpenAI({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL ?? null,
    maxRetries: opts.maxRetries,
    timeout: opts.timeoutMs,
    ...(opts.headers ? { defaultHeaders: opts.headers } : {}),
    logLevel: "off",
    fetch: async (url, init) => {
      try {
        const res = await fetch(url, init);
        if (res.status === 429 || res.status >= 500)
          opts.onEvent?.({ type: "attempt_failed", model: modelOf(init), status: res.status });
        return res;
      } catch (err) {
        if (!init?.signal?.aborted)
          opts.onEvent?.({ type: "attempt_failed", model: modelOf(init), status: undefined });
        throw err;
      }
    },
  });

  async function once(
    req: ProviderRequest,
    signal: AbortSignal | undefined,
  ): Promise<CallResult & { started?: boolean }> {
    const body = requestBody(req);
    const t0 = performance.now();
    // One controller per call: the caller's signal and the idle timer both end it.
    const ctl = new AbortController();
    const onAbort = () => ctl.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    let started = false;
    const merged = ctl.signal;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) return void timer.refresh();
      timer = setTimeout(() => {
        timedOut = true;
        ctl.abort();
      }, opts.timeoutMs);
    };
    try {
      if (req.moderationInput !== undefined) {
        const r = await client.moderations.create(
          { model: req.model, input: req.moderationInput },
          { signal: merged },
        );
        return {
          ok: true,
          completion: {
            content: JSON.stringify(r.results[0] ?? {}),
            finishReason: null,
            usage: undefined,
            latencyMs: performance.now() - t0,
            ttftMs: undefined,
          },
        };
      }
      if (!opts.stream) {
        const r = await client.chat.completions.create(body as never, { signal: merged });
        return {
          ok: true,
          completion: fromMessage(r as OpenAI.Chat.ChatCompletion, performance.now() - t0),
        };
      }
      const stream = await client.chat.completions.create(
        { ...(body as object), stream: true, stream_options: { include_usage: true } } as never,
        { signal: merged },
      );
      started = true;
      arm();
      const acc = {
        content: "",
        args: "",
        finish: null as string | null,
        usage: undefined as Completion["usage"],
        ttft: undefined as number | undefined,
      };
      for await (const chunk of stream as unknown as AsyncIterable<OpenAI.Chat.ChatCompletionChunk>) {
        arm();
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
        if (chunk.usage)
          acc.usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
      }
      clearTimeout(timer);
      // The SDK ends an aborted stream quietly; an abort is still not an answer.
      if (timedOut)
        return {
          ok: false,
          error: { class: "timeout", message: `no data for ${opts.timeoutMs} ms` },
          latencyMs: performance.now() - t0,
          started,
        };
      if (signal?.aborted)
        return {
          ok: false,
          error: { class: "aborted", message: "aborted" },
          latencyMs: performance.now() - t0,
          started,
        };
      return {
        ok: true,
        completion: {
          content: acc.content,
          toolArguments: req.tool ? acc.args : undefined,
          finishReason: acc.finish,
          usage: acc.usage,
          latencyMs: performance.now() - t0,
          ttftMs: acc.ttft,
        },
      };
    } catch (err) {
      const error = timedOut
        ? { class: "timeout" as const, message: `no data for ${opts.timeoutMs} ms` }
        : classifyError(err);
      return { ok: false, error, latencyMs: performance.now() - t0, started };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  return {
    async complete(req, signal) {
      for (let attempt = 0; ; attempt++) {
        const r = await once(req, signal);
        // A stream that broke after it began is not retried by the SDK; retry it here, bounded.
        const retriable =
          !r.ok && r.started && (r.error.class === "network" || r.error.class === "timeout");
        if (!retriable || attempt >= opts.maxRetries || signal?.aborted) {
          const { started: _started, ...result } = r;
          return result;
        }
        opts.onEvent?.({ type: "attempt_failed", model: req.model, status: undefined });
        await new Promise((res) => setTimeout(res, Math.min(8000, 500 * 2 ** attempt)));
      }
    },
  };
}

function requestBody(req: ProviderRequest): Record<string, unknown> {
  const body = toOpenAIBody(req, req.model);
  if (req.tool) {
    body.tools = [
      {
        type: "function",
        function: {
          name: req.tool.name,
          description: req.tool.description,
          parameters: req.tool.parameters,
        },
      },
    ];
    body.tool_choice = { type: "function", function: { name: req.tool.name } };
  }
  return body;
}

function fromMessage(r: OpenAI.Chat.ChatCompletion, latencyMs: number): Completion {
  const choice = r.choices?.[0];
  const call = choice?.message?.tool_calls?.[0];
  return {
    content: choice?.message?.content ?? "",
    toolArguments: call && "function" in call ? call.function.arguments : undefined,
    finishReason: choice?.finish_reason ?? null,
    usage: r.usage
      ? { promptTokens: r.usage.prompt_tokens, completionTokens: r.usage.completion_tokens }
      : undefined,
    latencyMs,
    ttftMs: undefined,
  };
}

function modelOf(init: RequestInit | undefined): string {
  try {
    return String((JSON.parse(String(init?.body ?? "{}")) as { model?: unknown }).model ?? "");
  } catch {
    return "";
  }
}
