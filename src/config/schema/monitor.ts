import { z } from "zod";
import { fairnessKeys } from "./gate.js";
import { judgeScorerTypes, scorerSchema } from "./scorers.js";

/** The monitor's settings where the file sets none. */
export const MONITOR_DEFAULTS = {
  alpha: 0.05,
  maxGroupGap: 0.1,
  minGroupSize: 30,
  rateMargin: 0.02,
  latencyMargin: 0.1,
  costMargin: 0.1,
  scoreMargin: 0.05,
  maxAccessViolations: 0,
  sample: 300,
  seed: 1,
  bucket: "day",
} as const;

const path = (what: string) =>
  z
    .string()
    .min(1)
    .optional()
    .describe(
      `Where the ${what} lives: a dotted path into a JSONL record (metadata.user_id), or an attribute key of an OTLP span or its resource (enduser.id).`,
    );

/** Where each field of a log record lives. */
export const monitorFieldsSchema = z
  .strictObject({
    user: path("user id"),
    feature: path("feature name"),
    group: path("user group compared by the fairness check"),
    context: path(
      "retrieved context: a string, a list of strings, or a list of chunks {id, text, labels}",
    ),
    timestamp: path("timestamp (ISO 8601, or unix seconds or milliseconds)"),
    permissions: path("user's permissions: a list of access labels"),
    goldDocs: path("ids of the documents that answer the query (gold or clicked)"),
    model: path("model (default the record's own model field)"),
  })
  .describe("Where each field of a log record lives; defaults read the format's own fields.");

/** LLM judges run on a seeded, group-stratified sample of the records. */
export const monitorJudgesSchema = z
  .strictObject({
    sample: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        `Records to judge at most, split evenly across groups (default ${MONITOR_DEFAULTS.sample}).`,
      ),
    seed: z.number().int().optional().describe("Seed of the sample (default 1)."),
    model: z.string().min(1).optional().describe("Judge model (default llmops.yaml judge)."),
    scorers: z
      .array(scorerSchema)
      .min(1)
      .describe(
        "Judge scorers (groundedness measures hallucination, context-relevance retrieval).",
      ),
  })
  .describe("Judges on a sample.");

/** When an alert fires. */
export const monitorAlertsSchema = z
  .strictObject({
    alpha: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe(
        `Significance level, Holm-corrected across every test of a run (default ${MONITOR_DEFAULTS.alpha}).`,
      ),
    ...fairnessKeys({
      gap: `Fairness: flag a metric when the gap between the best and worst group is significant and above this (default ${MONITOR_DEFAULTS.maxGroupGap}).`,
      unit: "records",
      minGroupSize: MONITOR_DEFAULTS.minGroupSize,
    }),
    rateMargin: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        `Drift: tolerated rise of a rate (errors, refusals, scorer failures; absolute, default ${MONITOR_DEFAULTS.rateMargin}).`,
      ),
    latencyMargin: z
      .number()
      .min(0)
      .optional()
      .describe(
        `Drift: tolerated rise of p95 latency (fraction, default ${MONITOR_DEFAULTS.latencyMargin}).`,
      ),
    costMargin: z
      .number()
      .min(0)
      .optional()
      .describe(
        `Drift: tolerated rise of cost per request (fraction, default ${MONITOR_DEFAULTS.costMargin}).`,
      ),
    scoreMargin: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        `Drift: tolerated drop of a judge's mean score (default ${MONITOR_DEFAULTS.scoreMargin}).`,
      ),
    maxErrorRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Alert when the error rate is surely above this (its Wilson lower bound)."),
    maxRefusalRate: z.number().min(0).max(1).optional().describe("As maxErrorRate, for refusals."),
    maxHallucinationRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("As maxErrorRate, for the share of judged answers that are not grounded."),
    maxP95LatencyMs: z
      .number()
      .gt(0)
      .optional()
      .describe("Alert when p95 latency exceeds this many milliseconds."),
    maxAccessViolations: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        "Alert when more retrieved chunks than this were not allowed for their user (default 0).",
      ),
  })
  .describe("Alert thresholds.");

/** A monitor file (*.monitor.yml). */
export const monitorFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).optional().describe("Name shown in reports; default the file name."),
    description: z.string().optional(),
    logs: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Current log files or globs (.jsonl, .json, .gz), relative to this file."),
    reference: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Reference log files to compare with; without them --since splits the window."),
    format: z
      .enum(["auto", "openai", "otlp", "llmops"])
      .optional()
      .describe("Log format: auto (default) detects it per record."),
    fields: monitorFieldsSchema.optional(),
    scorers: z
      .array(scorerSchema)
      .optional()
      .describe("Deterministic and guardrail scorers run on every record (no judges here)."),
    judges: monitorJudgesSchema.optional(),
    bucket: z
      .enum(["hour", "day"])
      .optional()
      .describe("Bucket of the series table (default day)."),
    alerts: monitorAlertsSchema.optional(),
  })
  .superRefine((m, ctx) => {
    for (const [i, s] of (m.scorers ?? []).entries()) {
      if (judgeScorerTypes.has(s.type) || s.type === "moderation")
        ctx.addIssue({
          code: "custom",
          path: ["scorers", i, "type"],
          message: `${s.type} calls a model: put it under judges.scorers, which run on a sample`,
        });
    }
    for (const [i, s] of (m.judges?.scorers ?? []).entries()) {
      if (!judgeScorerTypes.has(s.type))
        ctx.addIssue({
          code: "custom",
          path: ["judges", "scorers", i, "type"],
          message: `${s.type} is not a judge: put it under scorers, which run on every record`,
        });
    }
  })
  .describe("llmops monitor: production logs, scorers, judges, drift and fairness alerts.");

export type MonitorFile = z.infer<typeof monitorFileSchema>;
export type MonitorFields = z.infer<typeof monitorFieldsSchema>;
export type MonitorAlerts = z.infer<typeof monitorAlertsSchema>;
