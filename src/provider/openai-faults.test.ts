import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Behavior, type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai.js";
import { createOpenAIProvider, type OpenAIProviderOptions } from "./openai.js";
import type { ProviderRequest } from "./types.js";

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

function provider(over: Partial<OpenAIProviderOptions> = {}) {
  return createOpenAIProvider({
    apiKey: "sk-test-not-a-real-key",
    baseURL: server.url,
    stream: true,
    timeoutMs: 2000,
    maxRetries: 1,
    ...over,
  });
}

/** Serve `b` on every call; return the number of calls the server saw. */
function always(b: Behavior): () => number {
  const start = server.calls.length;
  server.setHandler(() => b);
  return () => server.calls.length - start;
}

describe("answers that are not whole answers are errors, not outputs", () => {
  it("a stream that ends without finish_reason or [DONE] is truncated (retried once, then an error)", async () => {
    const calls = always({ kind: "truncate", content: "The refund policy is" });
    const r = await provider().complete(req);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.class).toBe("truncated");
    expect(!r.ok && r.error.message).toMatch(/ended without a finish_reason/);
    expect(calls()).toBe(2);
  });

  it("a plain answer cut short mid-JSON is bad_response", async () => {
    always({ kind: "truncate" });
    const r = await provider({ stream: false }).complete(req);
    expect(!r.ok && r.error.class).toBe("bad_response");
  });

  it.each([true, false])(
    "HTTP 200 with an HTML page is bad_response (stream: %s)",
    async (stream) => {
      always({ kind: "html" });
      const r = await provider({ stream }).complete(req);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.class).toBe("bad_response");
      expect(!r.ok && r.error.message).toContain("text/html");
      expect(!r.ok && r.error.message).toContain("Sign in");
    },
  );

  it("a whole stream still succeeds (the checks do not reject good answers)", async () => {
    always({ content: "all of it", chunkDelayMs: 5 });
    const r = await provider().complete(req);
    expect(r.ok && r.completion.content).toBe("all of it");
  });
});

describe("every call ends by its deadline", () => {
  it("a slow-drip stream that never finishes ends at the call's deadline as a timeout", async () => {
    always({ kind: "drip", everyMs: 50 });
    const t0 = Date.now();
    const r = await provider({ deadlineMs: 600 }).complete(req);
    expect(!r.ok && r.error.class).toBe("timeout");
    expect(!r.ok && r.error.message).toMatch(/deadline of 0\.6 s/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("a Retry-After beyond the cap is a rate_limit error at once, not a sleep", async () => {
    const calls = always({
      kind: "error",
      status: 429,
      code: "rate_limit_exceeded",
      headers: { "retry-after": "3600" },
    });
    const t0 = Date.now();
    const r = await provider({ maxRetries: 3 }).complete(req);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(!r.ok && r.error.class).toBe("rate_limit");
    expect(!r.ok && r.error.message).toMatch(/asked to wait 3600 s.*maxRetryAfterMs/);
    expect(calls()).toBe(1);
  });

  it("a Retry-After within the cap but past the deadline ends at the deadline", async () => {
    always({ kind: "error", status: 429, headers: { "retry-after": "20" } });
    const t0 = Date.now();
    const r = await provider({ deadlineMs: 500 }).complete(req);
    expect(!r.ok && r.error.class).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("aborting while the SDK waits out a Retry-After ends the call at once", async () => {
    always({ kind: "error", status: 503, headers: { "retry-after": "20" } });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 200);
    const t0 = Date.now();
    const r = await provider().complete(req, ctl.signal);
    expect(!r.ok && r.error.class).toBe("aborted");
    expect(Date.now() - t0).toBeLessThan(1500);
  });
});
