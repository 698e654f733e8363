import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type BatchBehavior, FakeBatchApi } from "./fake-batch.js";

/** What the fake endpoint does for one request. */
export type Behavior =
  | {
      kind?: "reply";
      content?: string;
      /** Tool call the assistant makes instead of (or besides) content. */
      toolCall?: { name: string; arguments: string };
      /** Delay before the response headers, ms. */
      delayMs?: number;
      /** Delay between streamed chunks, ms. */
      chunkDelayMs?: number;
      finishReason?: string;
      usage?: {
        prompt_tokens: number;
        completion_tokens: number;
        prompt_tokens_details?: { cached_tokens: number };
      } | null;
      /** Prompt tokens to report as read from the prompt cache (prompt_tokens_details). */
      cachedTokens?: number;
      /** Serve a chunked stream even if the client did not ask (tests the no-stream switch). */
      ignoreStreamFlag?: boolean;
    }
  | {
      kind: "error";
      status: number;
      message?: string;
      type?: string;
      code?: string | null;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | { kind: "hang" }
  | { kind: "drop"; when: "before" | "mid" }
  /** End the body cleanly after some content: no finish_reason, no [DONE] (plain: JSON cut short). */
  | { kind: "truncate"; content?: string }
  /** HTTP 200 with an HTML page (a proxy's login or error page), whatever the client asked. */
  | { kind: "html"; body?: string }
  /** A stream that sends one content chunk every `everyMs` and never finishes. */
  | { kind: "drip"; everyMs: number };

export interface RecordedCall {
  path: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** Set for the Batch API's routes (/files, /batches). */
  method?: string;
}

export type Handler = (call: RecordedCall, index: number) => Behavior | Promise<Behavior>;

export interface FakeOpenAI {
  url: string;
  calls: RecordedCall[];
  setHandler(h: Handler): void;
  /** Answer /v1/moderations with an error behaviour instead (undefined: the normal endpoint). */
  setModerationFault(b: Extract<Behavior, { kind: "error" }> | undefined): void;
  /** How /v1/files and /v1/batches behave (reset by setHandler). */
  setBatchBehavior(b: BatchBehavior): void;
  close(): Promise<void>;
}

/** Echo the last user message: a deterministic default. */
export const echoHandler: Handler = (call) => {
  const messages = (call.body.messages as { role: string; content: string }[] | undefined) ?? [];
  const last = [...messages].reverse().find((m) => m.role === "user");
  return { content: `echo: ${last?.content ?? ""}` };
};

/** Rough token count: ~4 characters a token, as a server would bill. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * A local OpenAI-compatible server for tests and benchmarks: /v1/chat/completions (streaming with
 * usage, and plain), /v1/moderations; errors with any headers (a huge Retry-After is an error
 * behaviour with `headers: { "retry-after": "3600" }`), hangs, dropped connections, bodies cut
 * short, HTML pages with status 200 and never-ending slow streams on demand; and the Batch API
 * (/v1/files, /v1/batches: see fake-batch.ts), whose lines the same handler answers.
 */
export async function startFakeOpenAI(handler: Handler = echoHandler): Promise<FakeOpenAI> {
  let current = handler;
  let moderationFault: Extract<Behavior, { kind: "error" }> | undefined;
  const calls: RecordedCall[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((req, res) => {
    void serve(req, res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.keepAliveTimeout = 60_000;

  const batchApi = new FakeBatchApi(async (body) => {
    const b = await current({ path: "/v1/chat/completions", body, headers: {} }, calls.length);
    if (b.kind === "error")
      return {
        status: b.status,
        body: {
          error: {
            message: b.message ?? `error ${b.status}`,
            type: b.type ?? "server_error",
            code: b.code ?? null,
          },
        },
      };
    if (b.kind !== undefined && b.kind !== "reply")
      return {
        status: 500,
        body: { error: { message: `${b.kind} in a batch`, type: "server_error" } },
      };
    return { status: 200, body: plainCompletion(body, b) };
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const batchPath = (req.url ?? "").replace(/\?.*$/, "");
    if (/\/(files|batches)(\/|$)/.test(batchPath)) {
      calls.push({ path: batchPath, body: {}, headers: req.headers, method: req.method ?? "GET" });
      return batchApi.serve(req, res, batchPath, Buffer.concat(chunks));
    }
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return json(res, 400, {
        error: { message: "invalid JSON body", type: "invalid_request_error" },
      });
    }
    const path = (req.url ?? "").replace(/\?.*$/, "");
    const call = { path, body, headers: req.headers };
    calls.push(call);
    const index = calls.length - 1;
    if (path.endsWith("/moderations"))
      return moderationFault ? errorReply(res, moderationFault) : moderation(res, body);
    if (!path.endsWith("/chat/completions"))
      return json(res, 404, { error: { message: `no route ${path}` } });
    const b = await current(call, index);
    if (b.kind === "hang") return; // never answers; the client must time out
    if (b.kind === "drop") {
      if (b.when === "before") return void req.socket.destroy();
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(
        `data: ${JSON.stringify(chunk(body, { role: "assistant", content: "partial" }, null))}\n\n`,
      );
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    if (b.kind === "truncate" || b.kind === "html" || b.kind === "drip") return fault(res, body, b);
    if (b.kind === "error") return errorReply(res, b);
    await sleep(b.delayMs ?? 0);
    const content = b.content ?? "";
    const fullUsage = usageOf(body, b);
    const finish = b.finishReason ?? (b.toolCall ? "tool_calls" : "stop");
    if (body.stream === true || b.ignoreStreamFlag) {
      const events: string[] = [
        JSON.stringify(chunk(body, { role: "assistant", content: "" }, null)),
      ];
      const pieces = content.match(/[\s\S]{1,12}/g) ?? [];
      const pieceEvents = pieces.map((piece) =>
        JSON.stringify(chunk(body, { content: piece }, null)),
      );
      const tail: string[] = [];
      if (b.toolCall) {
        const delta = {
          tool_calls: [
            {
              index: 0,
              id: "call_1",
              type: "function",
              function: { name: b.toolCall.name, arguments: "" },
            },
          ],
        };
        tail.push(JSON.stringify(chunk(body, delta, null)));
        for (const part of b.toolCall.arguments.match(/[\s\S]{1,10}/g) ?? []) {
          tail.push(
            JSON.stringify(
              chunk(body, { tool_calls: [{ index: 0, function: { arguments: part } }] }, null),
            ),
          );
        }
      }
      tail.push(JSON.stringify(chunk(body, {}, finish)));
      const wantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)
        ?.include_usage;
      if (wantsUsage && fullUsage)
        tail.push(JSON.stringify({ ...chunk(body, {}, null), choices: [], usage: fullUsage }));
      const sse = (xs: string[]) => xs.map((x) => `data: ${x}\n\n`).join("");
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      if (!b.chunkDelayMs) {
        // One write: a fast server, so benchmarks measure the client.
        res.end(`${sse([...events, ...pieceEvents, ...tail])}data: [DONE]\n\n`);
        return;
      }
      res.write(sse(events));
      for (const e of pieceEvents) {
        await sleep(b.chunkDelayMs);
        res.write(sse([e]));
      }
      res.end(`${sse(tail)}data: [DONE]\n\n`);
      return;
    }
    json(res, 200, plainCompletion(body, b));
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    setHandler: (h) => {
      current = h;
      moderationFault = undefined;
      batchApi.behavior = {};
    },
    setBatchBehavior: (b) => {
      batchApi.behavior = b;
    },
    setModerationFault: (b) => {
      moderationFault = b;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Faults of a 200 answer: a body cut short, an HTML page, a stream that never ends. */
function fault(
  res: ServerResponse,
  body: Record<string, unknown>,
  b: Extract<Behavior, { kind: "truncate" | "html" | "drip" }>,
): void {
  if (b.kind === "html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      b.body ??
        "<!doctype html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>",
    );
    return;
  }
  const sse = (delta: Record<string, unknown>) =>
    `data: ${JSON.stringify(chunk(body, delta, null))}\n\n`;
  if (b.kind === "truncate") {
    const content = b.content ?? "The answer is cut";
    if (body.stream !== true) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        `{"id":"chatcmpl-fake","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":${JSON.stringify(content).slice(0, 8)}`,
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(sse({ role: "assistant", content: "" }) + sse({ content }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(sse({ role: "assistant", content: "" }));
  const timer = setInterval(() => res.write(sse({ content: "drip " })), b.everyMs);
  res.on("close", () => clearInterval(timer));
}

type Reply = Exclude<Behavior, { kind: "error" | "hang" | "drop" | "truncate" | "html" | "drip" }>;

function usageOf(body: Record<string, unknown>, b: Reply) {
  const promptText = JSON.stringify(body.messages ?? []);
  const usage =
    b.usage === undefined
      ? { prompt_tokens: countTokens(promptText), completion_tokens: countTokens(b.content ?? "") }
      : b.usage;
  return usage
    ? {
        ...usage,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
        ...(b.cachedTokens !== undefined
          ? { prompt_tokens_details: { cached_tokens: b.cachedTokens } }
          : {}),
      }
    : undefined;
}

/** A whole (not streamed) chat completion for a reply behaviour. */
function plainCompletion(body: Record<string, unknown>, b: Reply): Record<string, unknown> {
  const content = b.content ?? "";
  const message: Record<string, unknown> = {
    role: "assistant",
    content: b.toolCall && !content ? null : content,
  };
  if (b.toolCall) message.tool_calls = [{ id: "call_1", type: "function", function: b.toolCall }];
  const usage = usageOf(body, b);
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model: body.model,
    choices: [
      { index: 0, message, finish_reason: b.finishReason ?? (b.toolCall ? "tool_calls" : "stop") },
    ],
    ...(usage ? { usage } : {}),
  };
}

function chunk(
  body: Record<string, unknown>,
  delta: Record<string, unknown>,
  finish: string | null,
) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model: body.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

async function errorReply(
  res: ServerResponse,
  b: Extract<Behavior, { kind: "error" }>,
): Promise<void> {
  await sleep(b.delayMs ?? 0);
  res.writeHead(b.status, { "content-type": "application/json", ...b.headers });
  res.end(
    JSON.stringify({
      error: {
        message: b.message ?? `error ${b.status}`,
        type: b.type ?? "server_error",
        code: b.code ?? null,
      },
    }),
  );
}

/** A moderation endpoint that flags inputs containing words of a small list. */
function moderation(res: ServerResponse, body: Record<string, unknown>): void {
  const inputs = ([] as unknown[]).concat(body.input ?? "").map(String);
  const categories = ["harassment", "hate", "self-harm", "sexual", "violence"];
  const words: Record<string, RegExp> = {
    harassment: /\b(idiot|stupid)\b/i,
    hate: /\bhate (them|you)\b/i,
    "self-harm": /\bhurt myself\b/i,
    sexual: /\bexplicit\b/i,
    violence: /\b(kill|attack)\b/i,
  };
  json(res, 200, {
    id: "modr-fake",
    model: body.model ?? "omni-moderation-latest",
    results: inputs.map((text) => {
      const scores = Object.fromEntries(
        categories.map((c) => [c, words[c]!.test(text) ? 0.97 : 0.01]),
      );
      const flags = Object.fromEntries(categories.map((c) => [c, scores[c]! > 0.5]));
      return {
        flagged: Object.values(flags).some(Boolean),
        categories: flags,
        category_scores: scores,
      };
    }),
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
