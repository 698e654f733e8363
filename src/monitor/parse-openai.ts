import { errorClassOf } from "./error-class.js";
import { asLabel, asNumber, asTime, contentText } from "./fields.js";
import type { RawRecord } from "./types.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};

/** Whether a parsed line is one of llmops' own calls.jsonl records. */
export function isLlmopsCall(o: Obj): boolean {
  return typeof o.kind === "string" && typeof o.key === "string" && "request" in o;
}

/**
 * A record from an OpenAI-style log line: a request and a response (chat completion), or one
 * flat object holding both, or llmops' calls.jsonl. Judge calls in calls.jsonl are not traffic.
 */
export function readOpenAiRecord(o: Obj): RawRecord | "skip" {
  if (isLlmopsCall(o)) return o.kind === "model" ? readLlmopsCall(o) : "skip";
  const req = obj(o.request ?? o);
  const res = obj(o.response ?? o);
  const choice = obj(Array.isArray(res.choices) ? res.choices[0] : undefined);
  const usage = obj(res.usage ?? o.usage);
  const messages = Array.isArray(req.messages) ? (req.messages as Obj[]) : [];
  const timing = obj(o.timing ?? o.metrics);
  // No object spread here: a spread into a literal this size costs ~50 µs a record in V8.
  const { system, input } = messageParts(messages);
  return {
    system,
    input,
    time: asTime(o.timestamp ?? o.created_at ?? o.time ?? o.start_time ?? res.created),
    model: asLabel(res.model ?? req.model ?? o.model) ?? "unknown",
    user: asLabel(req.user ?? o.user),
    feature: undefined,
    group: undefined,
    output: contentText(obj(choice.message).content ?? choice.text),
    finishReason: asLabel(choice.finish_reason) ?? null,
    error: errorClassOf(o.error ?? res.error),
    latencyMs: asNumber(o.latency_ms ?? o.latencyMs ?? o.duration_ms ?? timing.latency_ms),
    ttftMs: asNumber(o.ttft_ms ?? o.ttftMs ?? o.time_to_first_token_ms ?? timing.ttft_ms),
    inputTokens: asNumber(usage.prompt_tokens ?? usage.input_tokens),
    outputTokens: asNumber(usage.completion_tokens ?? usage.output_tokens),
    cachedTokens: asNumber(
      obj(usage.prompt_tokens_details).cached_tokens ??
        obj(usage.input_tokens_details).cached_tokens,
    ),
    cost: asNumber(o.cost ?? o.cost_usd),
    context: undefined,
    permissions: undefined,
    goldDocs: undefined,
  };
}

function readLlmopsCall(o: Obj): RawRecord {
  const req = obj(o.request);
  const res = o.response ? obj(o.response) : undefined;
  const usage = res ? obj(res.usage) : {};
  const messages = Array.isArray(req.messages) ? (req.messages as Obj[]) : [];
  const { system, input } = messageParts(messages);
  return {
    system,
    input,
    time: asTime(o.time ?? o.timestamp),
    model: asLabel(o.model) ?? "unknown",
    user: undefined,
    feature: asLabel(o.suite),
    group: undefined,
    output: asLabel(res?.content) ?? "",
    finishReason: asLabel(res?.finishReason) ?? null,
    error: o.error
      ? {
          class: asLabel(obj(o.error).class) ?? "other",
          message: asLabel(obj(o.error).message) ?? "",
        }
      : undefined,
    latencyMs: asNumber(res?.latencyMs),
    ttftMs: asNumber(res?.ttftMs),
    inputTokens: asNumber(usage.promptTokens),
    outputTokens: asNumber(usage.completionTokens),
    cachedTokens: undefined,
    cost: asNumber(o.cost),
    context: undefined,
    permissions: undefined,
    goldDocs: undefined,
  };
}

/** System messages and the last user message of a chat. */
export function messageParts(messages: readonly Obj[]): { system: string[]; input: string } {
  const system: string[] = [];
  let input = "";
  for (const m of messages) {
    const text = contentText(m.content ?? m.parts);
    if (m.role === "system" || m.role === "developer") system.push(text);
    else if (m.role === "user") input = text;
  }
  return { system, input };
}
