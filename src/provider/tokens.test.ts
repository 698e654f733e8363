import { describe, expect, it } from "vitest";
import {
  cacheUnfriendly,
  countChat,
  loadEncoder,
  MIN_CACHED_PREFIX,
  tokenizerFor,
} from "./tokens.js";

// The OpenAI cookbook's example ("How to count tokens with tiktoken"), also the chat fixture of
// gpt-tokenizer's own test suite (src/GptEncoding.test.ts). The cookbook prints the API's
// usage.prompt_tokens for it: 129 on gpt-3.5-turbo and gpt-4 (cl100k_base), 124 on gpt-4o and
// gpt-4o-mini (o200k_base).
const cookbook = [
  {
    role: "system",
    content:
      "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
  },
  {
    role: "system",
    name: "example_user",
    content: "New synergies will help drive top-line growth.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Things working well together will increase revenue.",
  },
  {
    role: "system",
    name: "example_user",
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: "user",
    content:
      "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
] as const;

describe("countChat", () => {
  it("matches the API's prompt_tokens for the cookbook chat on both encodings", async () => {
    expect(countChat(await loadEncoder("cl100k_base"), cookbook).total).toBe(129);
    expect(countChat(await loadEncoder("o200k_base"), cookbook).total).toBe(124);
  });

  it("agrees with gpt-tokenizer's own chat encoding of its fixture", async () => {
    const o200k = await import("gpt-tokenizer/model/gpt-4o");
    const cl100k = await import("gpt-tokenizer/model/gpt-4");
    const plain = cookbook.map(({ role, content }) => ({ role, content }));
    // encodeChat frames each message and primes the reply: the same rule, without names.
    expect(countChat(await loadEncoder("o200k_base"), plain).total).toBe(
      o200k.encodeChat(plain).length,
    );
    expect(countChat(await loadEncoder("cl100k_base"), plain).total).toBe(
      cl100k.encodeChat(plain).length,
    );
  });

  it("counts special-token text as plain text instead of throwing", async () => {
    const enc = await loadEncoder("o200k_base");
    expect(enc("<|endoftext|>").length).toBeGreaterThan(1);
  });

  it("gives each message its framing and the request the reply priming", async () => {
    const enc = await loadEncoder("o200k_base");
    const r = countChat(enc, [
      { role: "user", content: "hello" },
      { role: "assistant", content: "hi" },
    ]);
    // 3 framing + role + content, per message.
    expect(r.perMessage).toEqual([3 + 1 + 1, 3 + 1 + 1]);
    expect(r.total).toBe(13);
  });
});

describe("tokenizerFor", () => {
  it("knows the OpenAI families and marks the rest approximate", () => {
    expect(tokenizerFor("gpt-4o-mini")).toEqual({ encoding: "o200k_base", exact: true });
    expect(tokenizerFor("openai/gpt-4.1-nano")).toEqual({ encoding: "o200k_base", exact: true });
    expect(tokenizerFor("o3-mini")).toEqual({ encoding: "o200k_base", exact: true });
    expect(tokenizerFor("gpt-4-turbo")).toEqual({ encoding: "cl100k_base", exact: true });
    expect(tokenizerFor("gpt-3.5-turbo-0125")).toEqual({ encoding: "cl100k_base", exact: true });
    expect(tokenizerFor("llama3.1:8b")).toEqual({ encoding: "o200k_base", exact: false });
  });
});

describe("cacheUnfriendly", () => {
  // About 1,500 o200k tokens of static instructions.
  const manual = "Refunds of annual plans are prorated by the unused days. ".repeat(130);

  it("flags variables that come before a long static text", async () => {
    const enc = await loadEncoder("o200k_base");
    const w = cacheUnfriendly(
      (t) => enc(t).length,
      [
        { role: "system", content: `Customer: {{name}}. ${manual}` },
        { role: "user", content: "{{question}}" },
      ],
    );
    expect(w).toMatchObject({ variable: "name", message: 0 });
    expect(w!.before).toBe(enc("Customer: ").length);
    expect(w!.after).toBe(enc(`. ${manual}`).length);
    expect(w!.after).toBeGreaterThanOrEqual(MIN_CACHED_PREFIX);
  });

  it("accepts a long static prefix first, or a short prompt", async () => {
    const enc = await loadEncoder("o200k_base");
    expect(
      cacheUnfriendly(
        (t) => enc(t).length,
        [
          { role: "system", content: manual },
          { role: "user", content: "Customer {{name}} asks: {{question}}" },
        ],
      ),
    ).toBeUndefined();
    expect(
      cacheUnfriendly((t) => enc(t).length, [{ role: "user", content: "{{q}} and a few words" }]),
    ).toBe(undefined);
  });
});
