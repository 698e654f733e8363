import { createSeededRandom } from "../compare/distributions.js";

/**
 * Synthetic production logs with known injected effects, for the monitor's tests, its bundled
 * example and its benchmark (scripts/gen-monitor-logs.mjs). Pure: the same options give the same
 * lines, and `truth` holds the exact counts the monitor must find.
 */
export interface LogOptions {
  seed: number;
  records: number;
  /** First record's time (ms) and the span the records are spread over evenly. */
  start: number;
  spanMs: number;
  format: "openai" | "otlp";
  /** Pad each record's retrieved context to about this many characters (the scale test's ~2 KB). */
  contextChars?: number;
  effects?: Effects;
}

/** What to inject into the window being written. */
export interface Effects {
  /** Multiply one model's latency (and TTFT). */
  latency?: { model: string; factor: number };
  /** Share of one feature's answers that are not supported by their context. */
  hallucination?: { feature: string; rate: number };
  /** Share of one group's answers that fail the "cites a source" check. */
  qualityGap?: { group: string; rate: number };
  /** Share of all records that fail with an error class. */
  errorSpike?: { class: "rate_limit" | "server" | "context_length_exceeded"; rate: number };
  /** Exact number of records whose context holds one chunk the user may not see. */
  accessViolations?: number;
}

/** The exact counts of what was written. */
export interface LogTruth {
  records: number;
  errors: Record<string, number>;
  refusals: number;
  truncated: number;
  uncited: number;
  hallucinated: number;
  accessViolations: number;
  byGroup: Record<string, { records: number; uncited: number; refusals: number; answered: number }>;
  latencies: number[];
}

export const MODELS = ["gpt-4o-mini", "gpt-4.1-mini"] as const;
export const FEATURES = ["search", "chat", "summarize"] as const;
/** A small group (enterprise) that a plain random sample would nearly miss. */
export const GROUPS = [
  ["free", 0.6],
  ["pro", 0.3],
  ["enterprise", 0.1],
] as const;
export const BASE = {
  error: 0.01,
  refusal: 0.01,
  truncated: 0.01,
  uncited: 0.05,
  hallucination: 0.05,
};
export const SYSTEM =
  "You answer questions about the product using only the documents provided. Cite them as [doc-N].";
const FACTS = [
  "Refunds are issued within 14 days of a cancelled order.",
  "The Pro plan includes 50 seats and priority support.",
  "Exports are available as CSV and JSON from the settings page.",
  "Two-factor authentication can be reset by an account owner.",
  "Invoices are emailed on the first business day of the month.",
];
const INVENTED = "Our CEO founded the company on the Moon in 1802.";

export function generateMonitorLogs(o: LogOptions): { lines: string[]; truth: LogTruth } {
  const rnd = createSeededRandom(o.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const e = o.effects ?? {};
  const truth: LogTruth = {
    records: 0,
    errors: {},
    refusals: 0,
    truncated: 0,
    uncited: 0,
    hallucinated: 0,
    accessViolations: 0,
    byGroup: {},
    latencies: [],
  };
  // Violations go to evenly spaced records so their count is exact whatever the seed.
  const every = e.accessViolations ? Math.floor(o.records / e.accessViolations) : 0;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < o.records; i++) {
    const model = pick(MODELS);
    const feature = pick(FEATURES);
    const u = rnd();
    const group = u < 0.6 ? "free" : u < 0.9 ? "pro" : "enterprise";
    truth.byGroup[group] ??= { records: 0, uncited: 0, refusals: 0, answered: 0 };
    const g = truth.byGroup[group];
    const fact = Math.floor(rnd() * FACTS.length);
    const forbidden =
      every > 0 && i % every === 0 && truth.accessViolations < (e.accessViolations ?? 0);
    const pad = "x".repeat(Math.max(0, (o.contextChars ?? 0) - 200));
    const context = FACTS.map((text, k) => ({
      id: `doc-${k}`,
      text: k === 0 && pad ? `${text} ${pad}` : text,
      labels: [forbidden && k === fact ? "internal" : "public"],
    }));
    if (forbidden) truth.accessViolations++;
    let latency = Math.round(400 * Math.exp(0.35 * normal()));
    if (e.latency?.model === model) latency = Math.round(latency * e.latency.factor);
    const rec = {
      time: o.start + Math.floor((i * o.spanMs) / o.records),
      model,
      feature,
      group,
      user: `u${Math.floor(rnd() * 500)}`,
      question: `Question ${i % 97} about ${feature}: ${FACTS[fact]!.split(" ").slice(0, 3).join(" ")}?`,
      context,
      permissions: ["public", group],
      latency,
      ttft: Math.round(latency * 0.3),
      inputTokens: 300 + Math.floor(rnd() * 1500),
      outputTokens: 40 + Math.floor(rnd() * 200),
      cached: rnd() < 0.3 ? 256 : 0,
    } as Record<string, unknown>;
    truth.records++;
    truth.latencies.push(latency);
    g.records++;
    const spike = e.errorSpike && rnd() < e.errorSpike.rate ? e.errorSpike.class : undefined;
    const error = spike ?? (rnd() < BASE.error ? "server" : undefined);
    if (error) {
      truth.errors[error] = (truth.errors[error] ?? 0) + 1;
      out.push({ ...rec, error });
      continue;
    }
    g.answered++;
    const r = rnd();
    let answer: string;
    let finish = "stop";
    const uncitedRate = e.qualityGap?.group === group ? e.qualityGap.rate : BASE.uncited;
    const halluRate =
      e.hallucination?.feature === feature ? e.hallucination.rate : BASE.hallucination;
    if (r < BASE.refusal) {
      answer = "I'm sorry, but I can't help with that.";
      truth.refusals++;
      g.refusals++;
    } else if (rnd() < halluRate) {
      answer = `${INVENTED} [doc-${fact}]`;
      truth.hallucinated++;
    } else answer = `${FACTS[fact]} [doc-${fact}]`;
    if (!answer.startsWith("I'm sorry") && rnd() < uncitedRate) {
      answer = answer.replace(/ \[doc-\d\]$/, "");
      truth.uncited++;
      g.uncited++;
    }
    if (rnd() < BASE.truncated) {
      finish = "length";
      truth.truncated++;
    }
    out.push({ ...rec, answer, finish });
  }
  const lines =
    o.format === "openai" ? out.map((r) => JSON.stringify(openAiLine(r))) : otlpLines(out);
  return { lines, truth };
}

type R = Record<string, unknown>;

function openAiLine(r: R): R {
  const request = {
    model: r.model,
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: r.question },
    ],
    temperature: 0,
  };
  const metadata = {
    user_id: r.user,
    feature: r.feature,
    group: r.group,
    context: r.context,
    permissions: r.permissions,
  };
  const time = new Date(r.time as number).toISOString();
  if (r.error) {
    const status = r.error === "rate_limit" ? 429 : r.error === "server" ? 500 : 400;
    const code = r.error === "context_length_exceeded" ? "context_length_exceeded" : undefined;
    return {
      timestamp: time,
      request,
      response: null,
      error: { status, code, message: `${r.error} (synthetic)` },
      latency_ms: r.latency,
      metadata,
    };
  }
  return {
    timestamp: time,
    request,
    response: {
      model: r.model,
      choices: [
        { index: 0, message: { role: "assistant", content: r.answer }, finish_reason: r.finish },
      ],
      usage: {
        prompt_tokens: r.inputTokens,
        completion_tokens: r.outputTokens,
        prompt_tokens_details: { cached_tokens: r.cached },
      },
    },
    latency_ms: r.latency,
    ttft_ms: r.ttft,
    metadata,
  };
}

const attr = (key: string, v: unknown): R => {
  if (typeof v === "number")
    return { key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } };
  if (Array.isArray(v))
    return { key, value: { arrayValue: { values: v.map((x) => ({ stringValue: String(x) })) } } };
  return { key, value: { stringValue: String(v) } };
};

/** OTLP JSON, one export of up to 100 spans a line (as the OTel file exporter writes). */
function otlpLines(records: R[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < records.length; i += 100) {
    const spans = records.slice(i, i + 100).map((r, k) => {
      const start = BigInt(r.time as number) * 1_000_000n;
      const end = start + BigInt(r.latency as number) * 1_000_000n;
      const attributes = [
        attr("gen_ai.operation.name", "chat"),
        attr("gen_ai.request.model", r.model),
        attr("gen_ai.system_instructions", JSON.stringify([{ type: "text", content: SYSTEM }])),
        attr(
          "gen_ai.input.messages",
          JSON.stringify([{ role: "user", parts: [{ type: "text", content: r.question }] }]),
        ),
        attr("enduser.id", r.user),
        attr("app.feature", r.feature),
        attr("app.group", r.group),
        attr("app.context", JSON.stringify(r.context)),
        attr("app.permissions", r.permissions),
      ];
      if (r.error) attributes.push(attr("error.type", r.error));
      else
        attributes.push(
          attr("gen_ai.response.model", r.model),
          attr("gen_ai.usage.input_tokens", r.inputTokens),
          attr("gen_ai.usage.output_tokens", r.outputTokens),
          attr("gen_ai.usage.cache_read.input_tokens", r.cached),
          attr("gen_ai.response.finish_reasons", [r.finish]),
          attr(
            "gen_ai.output.messages",
            JSON.stringify([
              {
                role: "assistant",
                parts: [{ type: "text", content: r.answer }],
                finish_reason: r.finish,
              },
            ]),
          ),
        );
      return {
        traceId: (i + k).toString(16).padStart(32, "0"),
        spanId: (i + k).toString(16).padStart(16, "0"),
        name: `chat ${r.model}`,
        kind: 3,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: end.toString(),
        attributes,
        status: r.error ? { code: 2, message: String(r.error) } : { code: 0 },
      };
    });
    lines.push(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [attr("service.name", "support-bot")] },
            scopeSpans: [{ scope: { name: "synthetic" }, spans }],
          },
        ],
      }),
    );
  }
  return lines;
}

/** The fields a monitor file maps for the OTLP lines above. */
export const OTLP_FIELDS = {
  feature: "app.feature",
  group: "app.group",
  context: "app.context",
  permissions: "app.permissions",
  user: "enduser.id",
};
