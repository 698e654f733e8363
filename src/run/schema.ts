/**
 * The run folder's files as zod schemas: the one definition of their shapes (the TypeScript types
 * are inferred from them) and what every reader validates against. Scores and call errors keep
 * their definitions in `scorer/` and `provider/`; here their stored fields are checked.
 */
import { z } from "zod";
import { errorClasses, responseSources } from "../provider/types.js";
import type { Score } from "../scorer/types.js";

/** The schemaVersion this llmops writes and reads in run folders. */
export const RUN_SCHEMA_VERSION = 1;

const usageSchema = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  /** Of promptTokens, those read from the prompt cache; absent in older runs and when not reported. */
  cachedTokens: z.number().optional(),
});
const sourceSchema = z.enum(responseSources);

const judgeInfoSchema = z.object({
  model: z.string(),
  verdict: z.string().optional(),
  reasoning: z.string().optional(),
  promptDigest: z.string(),
  usage: usageSchema.optional(),
  cost: z.number().optional(),
  source: sourceSchema,
});

/** A stored scorer result; its type is `Score`, defined with the scorers. */
const scoreSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  value: z.number(),
  pass: z.boolean(),
  reason: z.string(),
  weight: z.number(),
  threshold: z.number(),
  error: z.string().optional(),
  judge: judgeInfoSchema.optional(),
}) as unknown as z.ZodType<Score>;

/** One line of results.jsonl: one trial of one case on one model. */
export const trialResultSchema = z.object({
  suite: z.string(),
  model: z.string(),
  case: z.string(),
  /** 0-based trial index. */
  trial: z.number().int().min(0),
  promptVersion: z.string(),
  /** Digest of the case's inputs (vars and expected). */
  caseDigest: z.string(),
  /** Hash of the rendered request (the recording key). */
  requestKey: z.string(),
  output: z.string().nullable(),
  scores: z.array(scoreSchema),
  /** Weighted mean of the scorers' values, 0..1; 0 when the call failed. */
  score: z.number(),
  pass: z.boolean(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  usage: usageSchema.nullable(),
  /** USD; null when unknown (no price or no usage). */
  cost: z.number().nullable(),
  finishReason: z.string().nullable(),
  error: z
    .object({ class: z.enum(errorClasses), message: z.string(), status: z.number().optional() })
    .nullable(),
  source: sourceSchema,
  /** Tokens and cost of the judge calls made to score this trial. */
  judge: z
    .object({
      promptTokens: z.number(),
      completionTokens: z.number(),
      cost: z.number().nullable(),
      calls: z.number(),
    })
    .nullable(),
});

/**
 * One line of routes.jsonl: an LLM router's answer to one case (trial 0), as the model gave it.
 * Which route it names is read by compare/routing.ts; a failed call keeps its error.
 */
export const routerAnswerSchema = z.object({
  suite: z.string(),
  router: z.string(),
  case: z.string(),
  model: z.string(),
  /** The answer's text; null when the call failed. */
  answer: z.string().nullable(),
  error: z.object({ class: z.string(), message: z.string() }).nullable(),
  /** USD; null when unknown (no price or no usage) or the call failed. */
  cost: z.number().nullable(),
  source: sourceSchema,
});

/** The options a run was started with; --resume reuses them. */
export const runOptionsSchema = z.object({
  targets: z.array(z.string()),
  filter: z.array(z.string()),
  models: z.array(z.string()),
  trials: z.number().nullable(),
  mode: z.enum(["auto", "replay", "record", "live"]),
  cache: z.boolean(),
  shard: z.object({ index: z.number(), count: z.number() }).nullable(),
  maxCost: z.number().nullable(),
  concurrency: z.number(),
  prune: z.boolean(),
  judgeOnly: z.boolean(),
  redact: z.boolean(),
  /** The model calls went through the Batch API (eval --batch). */
  batch: z.boolean().optional(),
  /** `--until-decided [maxTrials]`: sequential trials for every suite (true: each suite's own maximum). */
  untilDecided: z.union([z.number(), z.literal(true)]).optional(),
  /** Sequential trials: the trials per case of the current round, per suite and model. */
  roundTrials: z.record(z.string(), z.record(z.string(), z.number())).optional(),
});

/** run.json: who ran a run, where and on what; the audit header of every run folder. */
export const runMetaSchema = z.object({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  id: z.string(),
  startedAt: z.string(),
  llmopsVersion: z.string(),
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean(), user: z.string().nullable() }),
  ci: z.object({ provider: z.string(), url: z.string().nullable() }).nullable(),
  configDigest: z.string(),
  options: runOptionsSchema,
  /** Set by `llmops merge`: the ids of the shard runs merged into this one. */
  mergedFrom: z.array(z.string()).optional(),
});

const nullableMs = z.number().nullable();

/** Per suite and model: the figures a terminal table and summary.json show. */
export const suiteSummarySchema = z.object({
  suite: z.string(),
  model: z.string(),
  promptVersion: z.string(),
  cases: z.number(),
  trials: z.number(),
  passedTrials: z.number(),
  /** Passed trials / trials (errored trials count as not passed). */
  passRate: z.number(),
  /** Mean over cases of each case's mean score over its trials. */
  meanScore: z.number(),
  /** Standard error of meanScore: sd of the case means / sqrt(cases). */
  scoreSE: z.number(),
  tokens: z.object({
    prompt: z.number(),
    completion: z.number(),
    /** Prompt tokens read from the prompt cache (absent in runs written before it was kept). */
    cached: z.number().optional(),
  }),
  cost: z.object({ total: z.number(), perCase: z.number().nullable(), unknownTrials: z.number() }),
  latencyMs: z.object({ p50: nullableMs, p95: nullableMs }),
  ttftMs: z.object({ p50: nullableMs }),
  errors: z.partialRecord(z.enum(errorClasses), z.number()),
  judge: z.object({
    promptTokens: z.number(),
    completionTokens: z.number(),
    cost: z.number(),
    calls: z.number(),
    unknownCost: z.number(),
    /** Judge replies that were not in the verdict format (judge_parse): scored 0, not errors. */
    parseErrors: z.number().optional(),
  }),
  sources: z.object({ fixture: z.number(), cache: z.number(), live: z.number() }),
  /** For a suite with a token budget: where its input tokens go (see docs/cost.md). */
  budget: z
    .object({
      inputTokens: z.number().nullable(),
      outputTokens: z.number().nullable(),
      /** Input tokens per request over the suite's cases, counted before the run. */
      input: z.object({ p95: z.number(), max: z.number(), contextWindow: z.number().nullable() }),
      overBudget: z.number(),
      /** Share of all input tokens that each variable's values make up, largest first. */
      perVariable: z.array(z.object({ name: z.string(), share: z.number() })),
      /** Share of all input tokens in each message (framing included), in message order. */
      perMessage: z.array(z.object({ role: z.string(), share: z.number() })),
    })
    .optional(),
});

/** Run status: complete, or why it stopped early. */
export const runStatusSchema = z.enum(["complete", "interrupted", "budget", "failed"]);

/** summary.json: what `llmops eval` produced. */
export const runSummarySchema = z.object({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  runId: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  meta: runMetaSchema,
  totals: z.object({
    trials: z.number(),
    planned: z.number(),
    remaining: z.number(),
    spentUsd: z.number(),
  }),
  suites: z.array(suiteSummarySchema),
  /** Fixture files written by --record. */
  recorded: z.array(z.string()),
});
