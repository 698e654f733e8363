import OpenAI from "openai";
import { linkedSignal } from "../util/abort.js";
import {
  badResponse,
  CallFailure,
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  deadlineMessage,
  pause,
  retryAfterMs,
  untilAborted,
} from "./call-limits.js";
import { classifyError } from "./classify-error.js";
import { toOpenAIBody } from "./models.js";
import { checkWhole, completionOf, fromMessage, readStream } from "./read-stream.js";
import type { CallResult, Completion, Provider, ProviderEvent, ProviderRequest } from "./types.js";

export interface OpenAIProviderOptions {
  apiKey: string;
  baseURL: string | undefined;
  /** Stream responses (time to first token, usage in the stream); false for endpoints that cannot. */
  stream: boolean;
  /** Per attempt: until the response headers, and between two chunks of a stream. */
  timeoutMs: number;
  maxRetries: number;
  /** Overall deadline of one call, every attempt and wait included (default 120 s). */
  deadlineMs?: number | undefined;
  /** A Retry-After longer than this is an error, not a wait (default 30 s). */
  maxRetryAfterMs?: number | undefined;
  headers?: Record<string, string> | undefined;
  onEvent?: ((e: ProviderEvent) => void) | undefined;
}

type Options = OpenAIProviderOptions & { deadlineMs: number; maxRetryAfterMs: number };
type Attempt = CallResult & { started?: boolean };

/**
 * An OpenAI or OpenAI-compatible endpoint, through the official SDK. The SDK retries 429, 5xx and
 * connection failures honouring Retry-After and times out each attempt; this adds what it cannot
 * do: an overall deadline, a cap on Retry-After, an idle timeout on a streamed body, a bounded
 * retry when a stream breaks after it started, and the refusal of answers that are not answers.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const opts: Options = {
    ...options,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
  };
  const client = openAIClient(opts, observedFetch(opts));
  return {
    async complete(req, signal) {
      const call = linkedSignal([signal], opts.deadlineMs);
      try {
        const r = await completeWithRetries(client, req, call.signal, opts);
        if (r.ok || !call.timedOut() || signal?.aborted) return r;
        return { ...r, error: { class: "timeout", message: deadlineMessage(opts.deadlineMs) } };
      } finally {
        call.dispose();
      }
    },
  };
}

/**
 * The first call of a process loads Node's fetch (undici), compiles its HTTP parser and runs the
 * SDK's and this module's code for the first time; a first wave of concurrent calls would count
 * all that as latency (a 20 ms endpoint measured 80 ms). Make one whole call first, before any
 * clock starts, to a throwaway server on the loopback interface: nothing leaves the machine.
 */
export async function warmUp(stream: boolean): Promise<void> {
  const { createServer } = await import("node:http");
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: "w", object: "chat.completion.chunk", created: 0, model: "w", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const server = createServer((req, res) => {
    req.resume().on("end", () => {
      if (!stream) {
        res.setHeader("content-type", "application/json");
        const message = { role: "assistant", content: "ok" };
        const choices = [{ index: 0, message, finish_reason: "stop" }];
        res.end(JSON.stringify({ id: "w", object: "chat.completion", created: 0, choices }));
        return;
      }
      res.setHeader("content-type", "text/event-stream");
      res.end(
        `${chunk({ role: "assistant", content: "ok" }, null)}${chunk({}, "stop")}data: [DONE]\n\n`,
      );
    });
  });
  try {
    await new Promise<void>((resolve, reject) =>
      server.once("error", reject).listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as { port: number };
    const provider = createOpenAIProvider({
      apiKey: "warm-up",
      baseURL: `http://127.0.0.1:${port}/v1`,
      stream,
      timeoutMs: 5000,
      maxRetries: 0,
    });
    await provider.complete({ model: "warm-up", messages: [{ role: "user", content: "hi" }] });
  } catch {
    // Without a loopback interface the first calls are measured a little slower; nothing more.
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The SDK's client for a provider: its endpoint, key, headers, attempts and timeout. */
export function openAIClient(
  o: Pick<OpenAIProviderOptions, "apiKey" | "baseURL" | "maxRetries" | "timeoutMs" | "headers">,
  observed?: typeof fetch,
): OpenAI {
  return new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseURL ?? null,
    maxRetries: o.maxRetries,
    timeout: o.timeoutMs,
    ...(o.headers ? { defaultHeaders: o.headers } : {}),
    logLevel: "off",
    ...(observed ? { fetch: observed } : {}),
  });
}

/** A stream that broke after it began is not retried by the SDK; retry it here, bounded. */
async function completeWithRetries(
  client: OpenAI,
  req: ProviderRequest,
  signal: AbortSignal,
  opts: Options,
): Promise<CallResult> {
  for (let attempt = 0; ; attempt++) {
    const { started, ...r } = await attemptOnce(client, req, signal, opts);
    const broken = !r.ok && started && ["network", "timeout", "truncated"].includes(r.error.class);
    if (!broken || attempt >= opts.maxRetries || signal.aborted) return r;
    opts.onEvent?.({ type: "attempt_failed", model: req.model, status: undefined });
    if (!(await pause(Math.min(8000, 500 * 2 ** attempt), signal))) return r;
  }
}

/**
 * When an attempt's clock starts: when the SDK hands its first request to fetch, not when the SDK
 * was asked, so latency and time to first token leave out the client's own preparation. Retries
 * inside the SDK do not restart it: their waits are part of the latency a user sees. The clock
 * rides to fetch in the request's fetchOptions (the SDK spreads them into fetch's init), and
 * observedFetch takes it out again: nothing of it is sent.
 */
interface Clock {
  t0: number;
  sent: boolean;
}
const CLOCK = Symbol("llmops.clock");
type ClockedInit = RequestInit & { [CLOCK]?: Clock };
const clocked = (signal: AbortSignal, clock: Clock): OpenAI.RequestOptions => ({
  signal,
  fetchOptions: { [CLOCK]: clock } as NonNullable<OpenAI.RequestOptions["fetchOptions"]>,
});

async function attemptOnce(
  client: OpenAI,
  req: ProviderRequest,
  signal: AbortSignal,
  opts: Options,
): Promise<Attempt> {
  const clock: Clock = { t0: performance.now(), sent: false };
  try {
    const completion = await untilAborted(answer(client, req, signal, opts, clock), signal);
    return { ok: true, completion };
  } catch (err) {
    const latencyMs = performance.now() - clock.t0;
    if (err instanceof CallFailure)
      return { ok: false, error: err.error, latencyMs, started: err.started };
    if (signal.aborted)
      return { ok: false, error: { class: "aborted", message: "aborted" }, latencyMs };
    return { ok: false, error: classifyError(err, opts), latencyMs };
  }
}

function answer(
  client: OpenAI,
  req: ProviderRequest,
  signal: AbortSignal,
  opts: Options,
  clock: Clock,
): Promise<Completion> {
  if (req.moderationInput !== undefined) return moderate(client, req, signal, clock);
  if (!opts.stream) return plainChat(client, req, signal, clock);
  return streamedChat(client, req, signal, opts.timeoutMs, clock);
}

async function moderate(
  client: OpenAI,
  req: ProviderRequest,
  signal: AbortSignal,
  clock: Clock,
): Promise<Completion> {
  const r = await client.moderations.create(
    { model: req.model, input: req.moderationInput ?? "" },
    clocked(signal, clock),
  );
  if (!Array.isArray(r?.results))
    throw new CallFailure(badResponse(null, typeof r === "string" ? r : ""), false);
  return {
    content: JSON.stringify(r.results[0] ?? {}),
    finishReason: null,
    usage: undefined,
    latencyMs: performance.now() - clock.t0,
    ttftMs: undefined,
  };
}

async function plainChat(
  client: OpenAI,
  req: ProviderRequest,
  signal: AbortSignal,
  clock: Clock,
): Promise<Completion> {
  const { data, response } = await client.chat.completions
    .create(requestBody(req) as never, clocked(signal, clock))
    .withResponse();
  const r = data as unknown as OpenAI.Chat.ChatCompletion | string | undefined;
  if (typeof r !== "object" || r === null || !Array.isArray(r.choices))
    throw new CallFailure(
      badResponse(response.headers.get("content-type"), typeof r === "string" ? r : ""),
      false,
    );
  return fromMessage(r, performance.now() - clock.t0);
}

async function streamedChat(
  client: OpenAI,
  req: ProviderRequest,
  signal: AbortSignal,
  idleMs: number,
  clock: Clock,
): Promise<Completion> {
  // The idle timer and the call's signal both end the body.
  const link = linkedSignal([signal]);
  let idle = false;
  try {
    const body = Object.assign(requestBody(req), {
      stream: true,
      stream_options: { include_usage: true },
    });
    const { data, response } = await client.chat.completions
      .create(body as never, clocked(link.signal, clock))
      .withResponse();
    const type = response.headers.get("content-type");
    if (/html/i.test(type ?? ""))
      throw new CallFailure(badResponse(type, await response.text()), false);
    const timer = setTimeout(() => {
      idle = true;
      link.abort();
    }, idleMs);
    const acc = await readStream(data as never, timer, clock.t0)
      .catch((err) => (idle || signal.aborted ? undefined : Promise.reject(err)))
      .catch((err) => Promise.reject(new CallFailure(classifyError(err), true)))
      .finally(() => clearTimeout(timer));
    // The SDK ends an aborted stream quietly, or throws; either way an abort is not an answer.
    if (signal.aborted) throw signal.reason;
    if (idle || !acc)
      throw new CallFailure({ class: "timeout", message: `no data for ${idleMs} ms` }, true);
    checkWhole(acc, type);
    return completionOf(acc, req, clock.t0);
  } finally {
    link.dispose();
  }
}

/**
 * The SDK's fetch, observed: failed attempts become events, and a Retry-After beyond the cap
 * tells the SDK not to retry (its own x-should-retry header) instead of sleeping through it.
 */
function observedFetch(opts: Options): typeof fetch {
  return async (url, options) => {
    const { [CLOCK]: clock, ...init } = (options ?? {}) as ClockedInit;
    if (clock && !clock.sent) Object.assign(clock, { t0: performance.now(), sent: true });
    try {
      const res = await fetch(url, init);
      if (res.status !== 429 && res.status < 500) return res;
      opts.onEvent?.({ type: "attempt_failed", model: modelOf(init), status: res.status });
      if ((retryAfterMs(res.headers) ?? 0) <= opts.maxRetryAfterMs) return res;
      const headers = new Headers(res.headers);
      headers.set("x-should-retry", "false");
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    } catch (err) {
      if (!init?.signal?.aborted)
        opts.onEvent?.({ type: "attempt_failed", model: modelOf(init), status: undefined });
      throw err;
    }
  };
}

/** The request as the chat completions endpoint takes it (a batch line's body too). */
export function requestBody(req: ProviderRequest): Record<string, unknown> {
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

function modelOf(init: RequestInit | undefined): string {
  try {
    return String((JSON.parse(String(init?.body ?? "{}")) as { model?: unknown }).model ?? "");
  } catch {
    return "";
  }
}
