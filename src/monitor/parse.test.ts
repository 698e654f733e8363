import { describe, expect, it } from "vitest";
import { rootSlice } from "./alerts.js";
import { errorClassOf } from "./error-class.js";
import { asTime, getPath } from "./fields.js";
import { accessViolations, retrieval } from "./observe.js";
import { readOpenAiRecord } from "./parse-openai.js";
import { readOtlpExport } from "./parse-otlp.js";
import { countAbove, newSketch, sketchFromJson, sketchToJson } from "./sketch.js";

describe("log records", () => {
  it.each([
    [{ status: 429, message: "slow down" }, "rate_limit"],
    [{ error: { code: "rate_limit_exceeded", message: "x" } }, "rate_limit"],
    [
      { status: 400, code: "context_length_exceeded", message: "too long" },
      "context_length_exceeded",
    ],
    [
      { status: 400, message: "This model's maximum context length is 8192 tokens" },
      "context_length_exceeded",
    ],
    [{ code: "content_filter" }, "content_filter"],
    [{ status: 503, message: "overloaded" }, "server"],
    [{ type: "APITimeoutError" }, "timeout"],
    ["RateLimitError", "rate_limit"],
    [{ code: "weird_thing" }, "weird_thing"],
  ])("error %j is class %s", (raw, cls) => {
    expect(errorClassOf(raw)?.class).toBe(cls);
  });

  it("reads times as ISO text, unix seconds, milliseconds and nanoseconds", () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect([
      asTime("2026-01-02T03:04:05Z"),
      asTime(t / 1000),
      asTime(t),
      asTime(`${t}000000`),
    ]).toEqual([t, t, t, t]);
    expect(asTime("yesterday")).toBeUndefined();
  });

  it("finds dotted paths, keys that hold dots first", () => {
    expect(getPath({ "app.group": "pro", app: { group: "free" } }, "app.group")).toBe("pro");
    expect(getPath({ metadata: { user: { id: 7 } } }, "metadata.user.id")).toBe(7);
  });

  it("reads a flat chat completion log line", () => {
    const r = readOpenAiRecord({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Hi" }] },
      ],
      choices: [{ message: { content: "Hello" }, finish_reason: "length" }],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 2,
        prompt_tokens_details: { cached_tokens: 4 },
      },
      created: 1767225600,
    });
    expect(r).toMatchObject({
      system: ["Be brief."],
      input: "Hi",
      output: "Hello",
      finishReason: "length",
      inputTokens: 10,
      cachedTokens: 4,
      time: 1767225600000,
    });
  });

  it("skips llmops judge calls in calls.jsonl and reads its model calls", () => {
    const base = {
      key: "k",
      suite: "s",
      case: "c",
      trial: 0,
      model: "m",
      request: { messages: [] },
    };
    expect(readOpenAiRecord({ ...base, kind: "judge" })).toBe("skip");
    expect(
      readOpenAiRecord({
        ...base,
        kind: "model",
        response: { content: "ok", finishReason: "stop", latencyMs: 5 },
      }),
    ).toMatchObject({ output: "ok", latencyMs: 5, feature: "s" });
  });

  it("reads OTLP spans with the older event-based content capture", () => {
    const [span] = readOtlpExport({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "bot" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  startTimeUnixNano: "1767225600000000000",
                  endTimeUnixNano: "1767225600250000000",
                  attributes: [
                    { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "12" } },
                  ],
                  events: [
                    {
                      name: "gen_ai.user.message",
                      attributes: [{ key: "content", value: { stringValue: "Hi" } }],
                    },
                    {
                      name: "gen_ai.choice",
                      attributes: [
                        { key: "message", value: { stringValue: '{"content":"Hello"}' } },
                        { key: "finish_reason", value: { stringValue: "stop" } },
                      ],
                    },
                  ],
                  status: { code: 0 },
                },
                { name: "db query", attributes: [] },
              ],
            },
          ],
        },
      ],
    }).map((s) => s.record);
    expect(span).toMatchObject({
      model: "gpt-4o",
      input: "Hi",
      output: "Hello",
      finishReason: "stop",
      latencyMs: 250,
      inputTokens: 12,
      time: 1767225600000,
    });
  });
});

describe("RAG checks", () => {
  const context = [
    { id: "a", text: "x", labels: ["public"] },
    { id: "b", text: "y", labels: ["hr", "exec"] },
    { id: "c", text: "z" },
  ];
  it("counts chunks none of whose labels the user holds; no permissions, no check", () => {
    expect(accessViolations({ context, permissions: ["public"] })).toBe(1);
    expect(accessViolations({ context, permissions: ["public", "exec"] })).toBe(0);
    expect(accessViolations({ context, permissions: undefined })).toBeUndefined();
  });
  it("recall@k and reciprocal rank of the gold documents", () => {
    expect(retrieval({ context, goldDocs: ["b", "q"] })).toEqual({ recall: 0.5, rr: 0.5 });
    expect(retrieval({ context, goldDocs: ["q"] })).toEqual({ recall: 0, rr: 0 });
  });
});

describe("sketches", () => {
  it("round-trip through JSON exactly and count values above a threshold by bucket", () => {
    const s = newSketch();
    for (let i = 1; i <= 1000; i++) s.accept(i);
    s.accept(0);
    const back = sketchFromJson(sketchToJson(s));
    for (const q of [0, 0.5, 0.95, 0.99, 1])
      expect(back.getValueAtQuantile(q)).toBe(s.getValueAtQuantile(q));
    expect([back.count, back.sum, back.min, back.max]).toEqual([1001, 500500, 0, 1000]);
    // The bucket holding 900 spans about 2% (twice the accuracy) and is not counted.
    const above = countAbove(s, 900);
    expect(above).toBeGreaterThanOrEqual(1000 - Math.ceil(900 * 1.021));
    expect(above).toBeLessThanOrEqual(100);
    expect(countAbove(s, 0)).toBe(1000);
  });
});

describe("rootSlice", () => {
  const off = (slice: string, change: number) => ({ slice, change });
  it("names the one value of a dimension that is off while others surely are not", () => {
    const tests = [
      off("all", 0.2),
      off("model=a", 0.5),
      off("feature=x", 0.2),
      off("feature=y", 0.2),
    ];
    expect(rootSlice(tests, ["model=b"], (t) => t.change)).toBe("model=a");
  });
  it("is all traffic when no dimension has a clean value", () => {
    const tests = [off("all", 0.04), off("group=free", 0.05), off("model=a", 0.04)];
    expect(rootSlice(tests, [], (t) => t.change)).toBe("all");
  });
});
