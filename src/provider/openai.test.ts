import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai.js";
import { createOpenAIProvider, type OpenAIProviderOptions, warmUp } from "./openai.js";
import type { ProviderEvent, ProviderRequest } from "./types.js";

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

const req: ProviderRequest = {
  model: "fake-model",
  messages: [{ role: "user", content: "hello" }],
  temperature: 0,
};

function provider(over: Partial<OpenAIProviderOptions> = {}, events: ProviderEvent[] = []) {
  return createOpenAIProvider({
    apiKey: "sk-test-not-a-real-key",
    baseURL: server.url,
    stream: true,
    timeoutMs: 2000,
    maxRetries: 2,
    onEvent: (e) => events.push(e),
    ...over,
  });
}

describe("OpenAI provider against a local compatible server", () => {
  it("streams: content, usage from the stream, time to first token", async () => {
    server.setHandler(() => ({
      content: "Hello there, how can I help you today?",
      delayMs: 40,
      chunkDelayMs: 10,
      usage: { prompt_tokens: 11, completion_tokens: 9 },
    }));
    const n = server.calls.length;
    const r = await provider().complete(req);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.completion.content).toBe("Hello there, how can I help you today?");
    expect(r.completion.usage).toEqual({ promptTokens: 11, completionTokens: 9 });
    expect(r.completion.finishReason).toBe("stop");
    expect(r.completion.ttftMs).toBeGreaterThanOrEqual(35);
    expect(r.completion.latencyMs).toBeGreaterThan(r.completion.ttftMs!);
    const call = server.calls[n]!;
    expect(call.body.stream).toBe(true);
    expect(call.body.stream_options).toEqual({ include_usage: true });
    expect(call.body.temperature).toBe(0);
    expect(call.headers.authorization).toBe("Bearer sk-test-not-a-real-key");
  });

  it("plain calls when streaming is switched off (no TTFT)", async () => {
    server.setHandler(() => ({
      content: "plain answer",
      usage: { prompt_tokens: 5, completion_tokens: 2 },
    }));
    const n = server.calls.length;
    const r = await provider({ stream: false }).complete(req);
    expect(r.ok && r.completion.content).toBe("plain answer");
    expect(r.ok && r.completion.ttftMs).toBeUndefined();
    expect(r.ok && r.completion.usage).toEqual({ promptTokens: 5, completionTokens: 2 });
    expect(server.calls[n]!.body.stream).toBeUndefined();
  });

  it("carries cached prompt tokens (prompt_tokens_details), streamed and plain", async () => {
    server.setHandler(() => ({
      content: "cached",
      usage: { prompt_tokens: 2048, completion_tokens: 3 },
      cachedTokens: 1920,
    }));
    for (const stream of [true, false]) {
      const r = await provider({ stream }).complete(req);
      expect(r.ok && r.completion.usage).toEqual({
        promptTokens: 2048,
        completionTokens: 3,
        cachedTokens: 1920,
      });
    }
  });

  it("a missing usage is undefined, never zero", async () => {
    server.setHandler(() => ({ content: "x", usage: null }));
    const r = await provider().complete(req);
    expect(r.ok && r.completion.usage).toBeUndefined();
  });

  it("forced tool calls return their arguments, streamed and plain", async () => {
    server.setHandler(() => ({
      toolCall: { name: "verdict", arguments: '{"reasoning":"fine","verdict":"pass"}' },
    }));
    const tool = { name: "verdict", description: "d", parameters: { type: "object" } };
    for (const stream of [true, false]) {
      const n = server.calls.length;
      const r = await provider({ stream }).complete({ ...req, tool });
      expect(r.ok && r.completion.toolArguments).toBe('{"reasoning":"fine","verdict":"pass"}');
      expect(server.calls[n]!.body.tool_choice).toEqual({
        type: "function",
        function: { name: "verdict" },
      });
    }
  });

  it("429 with Retry-After: waits as told, then succeeds", async () => {
    server.setHandler((_c, i) =>
      i % 2 === 0
        ? {
            kind: "error",
            status: 429,
            headers: { "retry-after": "1" },
            code: "rate_limit_exceeded",
          }
        : { content: "after wait" },
    );
    const start = server.calls.length % 2 === 0 ? 0 : 1;
    if (start === 1)
      server.setHandler((_c, i) =>
        i % 2 === 1
          ? { kind: "error", status: 429, headers: { "retry-after": "1" } }
          : { content: "after wait" },
      );
    const events: ProviderEvent[] = [];
    const t0 = Date.now();
    const r = await provider({}, events).complete(req);
    expect(r.ok && r.completion.content).toBe("after wait");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(events).toEqual([{ type: "attempt_failed", model: "fake-model", status: 429 }]);
  });

  it("500 then success is retried by the SDK", async () => {
    let n = 0;
    server.setHandler(() =>
      n++ === 0
        ? { kind: "error", status: 500, headers: { "retry-after-ms": "10" } }
        : { content: "recovered" },
    );
    const r = await provider().complete(req);
    expect(r.ok && r.completion.content).toBe("recovered");
    expect(n).toBe(2);
  });

  it.each([
    [
      "persistent 429",
      "rate_limit",
      3,
      {
        kind: "error",
        status: 429,
        code: "rate_limit_exceeded",
        headers: { "retry-after-ms": "5" },
      },
    ],
    [
      "persistent 503",
      "server",
      3,
      { kind: "error", status: 503, headers: { "retry-after-ms": "5" } },
    ],
    [
      "401",
      "auth",
      1,
      {
        kind: "error",
        status: 401,
        message: "Incorrect API key provided",
        code: "invalid_api_key",
      },
    ],
    [
      "400 context length",
      "context_length_exceeded",
      1,
      {
        kind: "error",
        status: 400,
        code: "context_length_exceeded",
        message: "This model's maximum context length is 128000 tokens",
      },
    ],
    [
      "400 content filter",
      "content_filter",
      1,
      { kind: "error", status: 400, code: "content_filter", message: "The response was filtered" },
    ],
    [
      "400 other",
      "bad_request",
      1,
      { kind: "error", status: 400, message: "Invalid 'temperature'" },
    ],
  ] as const)(
    "%s becomes error class %s after %i attempt(s)",
    async (_label, cls, attempts, behavior) => {
      let n = 0;
      server.setHandler(() => {
        n++;
        return behavior as never;
      });
      const r = await provider().complete(req);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.class).toBe(cls);
      expect(n).toBe(attempts);
    },
  );

  it("a connection dropped before the response is retried, then a network error", async () => {
    let n = 0;
    server.setHandler(() => {
      n++;
      return { kind: "drop", when: "before" };
    });
    const r = await provider({ maxRetries: 1 }).complete(req);
    expect(!r.ok && r.error.class).toBe("network");
    expect(n).toBe(2);
  });

  it("a stream that breaks mid-way is retried and can recover", async () => {
    let n = 0;
    server.setHandler(() =>
      n++ === 0 ? { kind: "drop", when: "mid" } : { content: "whole answer" },
    );
    const events: ProviderEvent[] = [];
    const r = await provider({}, events).complete(req);
    expect(r.ok && r.completion.content).toBe("whole answer");
    expect(n).toBe(2);
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it("a server that hangs is a timeout", async () => {
    server.setHandler(() => ({ kind: "hang" }));
    const t0 = Date.now();
    const r = await provider({ timeoutMs: 300, maxRetries: 1 }).complete(req);
    expect(!r.ok && r.error.class).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("a stream that stalls after it began is a timeout", async () => {
    server.setHandler(() => ({ content: "slow stream of words here", chunkDelayMs: 400 }));
    const r = await provider({ timeoutMs: 150, maxRetries: 0 }).complete(req);
    expect(!r.ok && r.error.class).toBe("timeout");
  });

  it("aborting the signal ends the call as aborted", async () => {
    server.setHandler(() => ({ kind: "hang" }));
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const r = await provider({ timeoutMs: 5000 }).complete(req, ctl.signal);
    expect(!r.ok && r.error.class).toBe("aborted");
  });

  it("an unreachable endpoint is a network error", async () => {
    const r = await provider({ baseURL: "http://127.0.0.1:9/v1", maxRetries: 0 }).complete(req);
    expect(!r.ok && r.error.class).toBe("network");
  });
});

describe("warm-up before the first call's clock", () => {
  const listening = () =>
    process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

  it("makes one whole call, streamed and plain, on the loopback interface only", async () => {
    const before = { calls: server.calls.length, servers: listening() };
    await expect(warmUp(true)).resolves.toBeUndefined();
    await expect(warmUp(false)).resolves.toBeUndefined();
    // The configured endpoint saw nothing, and the throwaway server is gone.
    expect(server.calls.length).toBe(before.calls);
    await vi.waitFor(() => expect(listening()).toBe(before.servers));
  });
});
