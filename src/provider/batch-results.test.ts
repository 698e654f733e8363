import { describe, expect, it } from "vitest";
import { parseBatchFile } from "./batch-results.js";

const completion = (content: string) => ({
  id: "c",
  object: "chat.completion",
  created: 0,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
});
const line = (x: unknown) => JSON.stringify(x);

describe("parseBatchFile", () => {
  it.each([
    [
      "an answer",
      { custom_id: "a", response: { status_code: 200, body: completion("hi") }, error: null },
      {
        ok: true,
        completion: expect.objectContaining({
          content: "hi",
          finishReason: "stop",
          usage: { promptTokens: 7, completionTokens: 3 },
          latencyMs: 0,
        }),
      },
    ],
    [
      "a 429 line",
      {
        custom_id: "a",
        response: { status_code: 429, body: { error: { message: "slow down", code: null } } },
      },
      { ok: false, error: { class: "rate_limit", message: "slow down", status: 429 } },
    ],
    [
      "a context overflow",
      {
        custom_id: "a",
        response: {
          status_code: 400,
          body: { error: { message: "too long", code: "context_length_exceeded" } },
        },
      },
      { ok: false, error: expect.objectContaining({ class: "context_length_exceeded" }) },
    ],
    [
      "an expired request",
      { custom_id: "a", response: null, error: { code: "batch_expired", message: "expired" } },
      { ok: false, error: expect.objectContaining({ class: "timeout" }) },
    ],
    [
      "a 200 that is not a completion",
      { custom_id: "a", response: { status_code: 200, body: { nope: 1 } } },
      { ok: false, error: expect.objectContaining({ class: "bad_response" }) },
    ],
  ])("%s", (_name, input, result) => {
    expect(parseBatchFile(`${line(input)}\n`)).toEqual([
      { customId: "a", result: expect.objectContaining(result) },
    ]);
  });

  it("skips blank, torn and id-less lines", () => {
    const text = `\n{"custom_id":\n${line({ response: null })}\n${line({ custom_id: "b", response: { status_code: 500, body: {} } })}\n`;
    const out = parseBatchFile(text);
    expect(out.map((a) => a.customId)).toEqual(["b"]);
    expect(out[0]!.result).toMatchObject({ ok: false, error: { class: "server", status: 500 } });
  });
});
