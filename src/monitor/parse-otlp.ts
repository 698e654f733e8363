import { errorClassOf } from "./error-class.js";
import { asLabel, asNumber, asStrings } from "./fields.js";
import type { RawRecord } from "./types.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** A span read from an OTLP JSON export: its record and the attributes fields are looked up in. */
export interface OtlpSpan {
  record: RawRecord;
  attributes: Obj;
}

/** Whether a parsed JSON value is an OTLP trace export. */
export function isOtlpExport(o: Obj): boolean {
  return Array.isArray(o.resourceSpans);
}

/**
 * The GenAI spans of an OTLP JSON trace export (OpenTelemetry GenAI semantic conventions):
 * spans with a gen_ai.operation.name or gen_ai.request.model. Content comes from
 * gen_ai.input.messages / gen_ai.output.messages, or from the older span events
 * (gen_ai.user.message, gen_ai.choice) and gen_ai.prompt / gen_ai.completion attributes.
 */
export function readOtlpExport(o: Obj): OtlpSpan[] {
  const out: OtlpSpan[] = [];
  for (const rs of list(o.resourceSpans)) {
    const resource = attributeMap(obj(rs.resource).attributes);
    for (const ss of list(rs.scopeSpans ?? rs.instrumentationLibrarySpans))
      for (const span of list(ss.spans)) {
        const attrs = { ...resource, ...attributeMap(span.attributes) };
        if (
          attrs["gen_ai.operation.name"] === undefined &&
          attrs["gen_ai.request.model"] === undefined
        )
          continue;
        out.push({ record: spanRecord(span, attrs), attributes: attrs });
      }
  }
  return out;
}

function spanRecord(span: Obj, a: Obj): RawRecord {
  const start = nanos(span.startTimeUnixNano);
  const end = nanos(span.endTimeUnixNano);
  const { system, input, output, finish } = spanContent(span, a);
  const status = obj(span.status);
  const failed =
    status.code === 2 || status.code === "STATUS_CODE_ERROR" || a["error.type"] !== undefined;
  const finishReasons = asStrings(a["gen_ai.response.finish_reasons"]);
  return {
    system,
    input,
    output,
    time: start !== undefined ? Number(start / 1_000_000n) : undefined,
    model: asLabel(a["gen_ai.response.model"] ?? a["gen_ai.request.model"]) ?? "unknown",
    user: asLabel(a["enduser.id"] ?? a["user.id"]),
    feature: undefined,
    group: undefined,
    finishReason: finishReasons?.[0] ?? finish ?? null,
    error: failed
      ? errorClassOf({
          type: asLabel(a["error.type"]),
          message: asLabel(status.message) ?? asLabel(a["error.type"]),
        })
      : undefined,
    latencyMs: start !== undefined && end !== undefined ? Number(end - start) / 1e6 : undefined,
    ttftMs: asNumber(
      a["gen_ai.response.time_to_first_chunk"] ?? a["gen_ai.server.time_to_first_token"],
    ),
    inputTokens: asNumber(a["gen_ai.usage.input_tokens"] ?? a["gen_ai.usage.prompt_tokens"]),
    outputTokens: asNumber(a["gen_ai.usage.output_tokens"] ?? a["gen_ai.usage.completion_tokens"]),
    cachedTokens: asNumber(
      a["gen_ai.usage.cache_read.input_tokens"] ?? a["gen_ai.usage.cache_read_input_tokens"],
    ),
    cost: asNumber(a["gen_ai.usage.cost"]),
    context: undefined,
    permissions: undefined,
    goldDocs: undefined,
  };
}

/** Messages from the current attributes, else from the older events and attributes. */
function spanContent(span: Obj, a: Obj) {
  const system = messages(a["gen_ai.system_instructions"]).map((m) => m.text);
  let input = "";
  for (const m of messages(a["gen_ai.input.messages"] ?? a["gen_ai.prompt"])) {
    if (m.role === "system" || m.role === "developer") system.push(m.text);
    else if (m.role === "user") input = m.text;
  }
  const out = messages(a["gen_ai.output.messages"] ?? a["gen_ai.completion"]);
  let output = out.map((m) => m.text).join("");
  let finish = out[0]?.finish;
  for (const e of list(span.events)) {
    const ea = attributeMap(e.attributes);
    const body = ea.content ?? obj(parseMaybe(ea.message)).content;
    if (e.name === "gen_ai.system.message") system.push(asLabel(body) ?? "");
    else if (e.name === "gen_ai.user.message") input = asLabel(body) ?? input;
    else if (e.name === "gen_ai.choice") {
      output += asLabel(body) ?? "";
      finish ??= asLabel(ea.finish_reason);
    }
  }
  return { system, input, output, finish };
}

interface Message {
  role: string;
  text: string;
  finish: string | undefined;
}

/** Messages in the GenAI shape ({role, parts: [{type, content}]}), OpenAI's, or plain text. */
function messages(v: unknown): Message[] {
  const parsed = parseMaybe(v);
  if (typeof parsed === "string") return [{ role: "user", text: parsed, finish: undefined }];
  return list(parsed).map((m) => ({
    role: asLabel(m.role) ?? "user",
    text:
      typeof m.content === "string"
        ? m.content
        : list(m.parts ?? m.content)
            .map((p) => asLabel(p.content ?? p.text) ?? "")
            .join(""),
    finish: asLabel(m.finish_reason),
  }));
}

function parseMaybe(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** OTLP's [{key, value: {stringValue|intValue|...}}] as a plain object. */
export function attributeMap(attrs: unknown): Obj {
  const out: Obj = {};
  for (const kv of list(attrs)) {
    const key = asLabel(kv.key);
    if (key) out[key] = anyValue(kv.value);
  }
  return out;
}

function anyValue(v: unknown): unknown {
  const o = obj(v);
  if ("stringValue" in o) return o.stringValue;
  if ("intValue" in o) return Number(o.intValue);
  if ("doubleValue" in o) return o.doubleValue;
  if ("boolValue" in o) return o.boolValue;
  if ("arrayValue" in o) return list(obj(o.arrayValue).values).map(anyValue);
  if ("kvlistValue" in o) return attributeMap(obj(o.kvlistValue).values);
  return undefined;
}

/** Nanoseconds since the epoch exactly: as a double they lose the last ~300 ns of a latency. */
function nanos(v: unknown): bigint | undefined {
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.round(v));
  return undefined;
}
