/**
 * Files of the comparison as zod schemas: baselines (`evals/baselines/*.json`) and
 * `comparison.json`. Their TypeScript types are inferred from these; every reader validates.
 */
import { z } from "zod";

/** The schemaVersion of baselines and comparison.json that this llmops writes and reads. */
export const COMPARE_SCHEMA_VERSION = 1;

/** One scorer's outcome on a case, over its trials. */
export const scorerRecordSchema = z.object({
  name: z.string(),
  type: z.string(),
  value: z.number(),
  passes: z.number(),
  /**
   * Scores folded into this record when not one per scored trial (a case scorer with the name of
   * a suite scorer scores each trial twice); absent otherwise.
   */
  entries: z.number().optional(),
  reason: z.string(),
  error: z.string().optional(),
});

/** A case on one model: what a baseline stores and what a run is compared by. */
export const caseRecordSchema = z.object({
  caseDigest: z.string(),
  scores: z.array(z.number()),
  passes: z.number(),
  errors: z.record(z.string(), z.number()),
  errorMessage: z.string().optional(),
  outputs: z.array(z.string().nullable()),
  scorers: z.array(scorerRecordSchema),
  judges: z.array(z.object({ scorer: z.string(), model: z.string(), promptDigest: z.string() })),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
  cost: z.number().nullable(),
  latencyMs: z.number().nullable(),
});

/** A suite on one model. */
export const modelRecordSchema = z.object({
  promptVersion: z.string(),
  trials: z.number(),
  cases: z.record(z.string(), caseRecordSchema),
});

/** A suite's committed baseline: per model, per case, what the accepted version scored. */
export const baselineSchema = z.object({
  schemaVersion: z.literal(COMPARE_SCHEMA_VERSION),
  suite: z.string(),
  prompt: z.string(),
  models: z.record(z.string(), modelRecordSchema),
});

export const recordStatsSchema = z.object({
  cases: z.number(),
  trials: z.number(),
  passRate: z.number(),
  meanScore: z.number(),
  costPerCase: z.number().nullable(),
  latencyP95: z.number().nullable(),
  errorRate: z.number(),
});

/** Result of testing whether a candidate scores lower than its baseline on the same cases. */
export const pairedTestSchema = z.object({
  /** Number of pairs (cases). */
  n: z.number(),
  /** Pairs whose difference is not zero: only these carry evidence. */
  nonZero: z.number(),
  /** Mean of candidate minus baseline: negative means the candidate is worse. */
  meanDiff: z.number(),
  /** The drop, `-meanDiff`. */
  drop: z.number(),
  /** Standard error of the mean difference, sample sd (n - 1) over sqrt(n); 0 when n < 2. */
  se: z.number(),
  /**
   * One-sided upper confidence bound of the drop: `drop + t(1 - alpha, n - 1) * se`; when no
   * pair changed, the exact bound `1 - alpha^(1/n)` on the share of cases that could have
   * dropped; at most 1 (scores are in 0..1), and 1 with fewer than 2 pairs.
   */
  dropUpper: z.number(),
  /** `drop - t(1 - alpha, n - 1) * se`. */
  dropLower: z.number(),
  /** One-sided p-value for "candidate worse" under the sign-flip null. */
  pValue: z.number(),
  /** How the p-value was computed. */
  method: z.enum(["exact", "monte-carlo", "t"]),
});

export const caseStatusSchema = z.enum([
  "regressed",
  "improved",
  "unchanged",
  "flaky",
  "new",
  "removed",
  "errored",
]);

/** A case's change between baseline and candidate, as reports show it. */
export const caseChangeSchema = z.object({
  id: z.string(),
  status: caseStatusSchema,
  /** Candidate mean score minus baseline mean score. */
  delta: z.number().nullable(),
  baseline: caseRecordSchema.nullable(),
  candidate: caseRecordSchema.nullable(),
  /** For flaky cases: the candidate's pass rate and its Wilson 95% interval. */
  passRate: z.object({ rate: z.number(), low: z.number(), high: z.number() }).optional(),
});

/** One scorer's pass rate over the trials it scored, baseline (same cases) and candidate. */
export const scorerSummarySchema = z.object({
  name: z.string(),
  type: z.string(),
  /** Null when the baseline has no trial this scorer scored (a new scorer, or no baseline). */
  baseline: z.object({ trials: z.number(), passRate: z.number() }).nullable(),
  candidate: z.object({ trials: z.number(), passRate: z.number() }),
});

export const gateCheckSchema = z.object({
  name: z.enum([
    "quality",
    "minPassRate",
    "cost",
    "latency",
    "errors",
    "groupGap",
    "budget",
    "routing",
  ]),
  /** inconclusive: the check could not tell (only `routing`: too few or too noisy cases). */
  status: z.enum(["pass", "fail", "skip", "inconclusive"]),
  detail: z.string(),
});

export const verdictSchema = z.enum(["pass", "fail", "inconclusive"]);
/** Gate outcome for one metric. */
export const decisionSchema = z.enum(["fail", "pass", "pass-small-regression", "inconclusive"]);

/** One suite on one model against its baseline. */
export const suiteComparisonSchema = z.object({
  suite: z.string(),
  model: z.string(),
  /** The baseline's model when it differs (a suite that switched models is compared across them). */
  baselineModel: z.string().nullable(),
  /** No baseline for this suite and model: gated only by absolute thresholds. */
  isNew: z.boolean(),
  promptVersions: z.object({ baseline: z.string().nullable(), candidate: z.string() }),
  baseline: recordStatsSchema.nullable(),
  candidate: recordStatsSchema,
  /** Cases in the paired test (present in both, without call errors). */
  paired: z.number(),
  test: pairedTestSchema.nullable(),
  pAdjusted: z.number().nullable(),
  /** Smallest drop the gate would FAIL 80% of the time at this size (simulated from the cases). */
  mde: z.number().nullable(),
  /** For an inconclusive suite: the trials or cases that would make a drop of the margin detectable. */
  toDecide: z
    .object({
      trials: z.number().nullable(),
      cases: z.number(),
      calls: z.number(),
      cost: z.number().nullable(),
    })
    .nullable()
    .optional(),
  decision: z.union([decisionSchema, z.literal("new")]),
  gate: z.object({ margin: z.number(), alpha: z.number() }),
  checks: z.array(gateCheckSchema),
  verdict: verdictSchema,
  changes: z.array(caseChangeSchema),
  counts: z.record(caseStatusSchema, z.number()),
  drift: z.array(z.string()),
  /** Pass rate per scorer, baseline -> candidate (absent in comparisons written before it). */
  scorers: z.array(scorerSummarySchema).optional(),
});

/** Which model: a matrix run's models against a reference on the same cases (docs/cost.md). */
export const modelChoiceSchema = z.object({
  suite: z.string(),
  reference: z.string(),
  margin: z.number(),
  alpha: z.number(),
  /** Ranked by cost per case, cheapest first (unknown cost last). */
  models: z.array(
    recordStatsSchema.omit({ cases: true, trials: true }).extend({
      model: z.string(),
      reference: z.boolean(),
      /** Cases paired with the reference (0 for the reference itself). */
      paired: z.number(),
      drop: z.number().nullable(),
      dropUpper: z.number().nullable(),
      /** Not worse than the reference by more than the margin (the upper bound within it). */
      nonInferior: z.boolean(),
      /** On the quality/cost/latency Pareto front. */
      pareto: z.boolean(),
    }),
  ),
  /** The cheapest non-inferior model cheaper than the reference; null when there is none. */
  recommended: z
    .object({ model: z.string(), savingPct: z.number(), savingPer1k: z.number() })
    .nullable(),
  slices: z.array(
    z.object({
      tag: z.string(),
      model: z.string(),
      cases: z.number(),
      meanScore: z.number(),
      /** Mean score minus the reference's on the same cases. */
      diff: z.number(),
    }),
  ),
});

/** One router of a suite evaluated from a matrix run's answers (compare/routing.ts). */
export const routerResultSchema = z.object({
  router: z.string(),
  /** A rule router (`rules:`) or an LLM router (`prompt:`, a classifier prompt's answer). */
  kind: z.enum(["rules", "llm"]),
  /** The model an LLM router calls; absent for a rule router. */
  model: z.string().optional(),
  /** Cases every route's model and the reference answered without a failed call. */
  cases: z.number(),
  meanScore: z.number(),
  referenceMeanScore: z.number(),
  drop: z.number().nullable(),
  dropUpper: z.number().nullable(),
  /** Not worse than always-the-reference by more than the margin. */
  nonInferior: z.boolean(),
  /** The gate's rule on the routed answers against the reference's; null with no case. */
  decision: decisionSchema.nullable(),
  /** Mean cost per case of the routed answers, plus the router's own calls; null when unknown. */
  costPerCase: z.number().nullable(),
  /** Mean cost per case of the router's own calls (0 for a rule router); null when unknown. */
  routerCostPerCase: z.number().nullable(),
  /** LLM router: answers that named no route (those cases took `default`). */
  unparsed: z.number(),
  /** LLM router: calls that failed (after retries); those cases are left out of the comparison. */
  routerErrors: z.number(),
  /** Share of the reference's cost saved, the router's own cost included; null when unknown. */
  savingPct: z.number().nullable(),
  /** Share of the cases labelled with a route that the router sent there; null with no label. */
  accuracy: z.number().nullable(),
  labelled: z.number(),
  routes: z.array(
    z.object({
      route: z.string(),
      model: z.string(),
      cases: z.number(),
      meanScore: z.number(),
      /** The reference's mean score on the same cases. */
      referenceMeanScore: z.number(),
      costPerCase: z.number().nullable(),
    }),
  ),
});

/** Routing: every router of a suite against always-the-reference. */
export const routingResultSchema = z.object({
  suite: z.string(),
  reference: z.string(),
  margin: z.number(),
  alpha: z.number(),
  referenceCostPerCase: z.number().nullable(),
  routers: z.array(routerResultSchema),
});

/**
 * Sequential trials: one round of one suite on one model, the trials per case it had and what the
 * gate decided at that round's level (Pocock: the same level at every look).
 */
export const sequentialRoundSchema = z.object({
  round: z.number(),
  suite: z.string(),
  model: z.string(),
  trialsPerCase: z.number(),
  maxTrials: z.number(),
  /** The nominal level of this look (alpha spent over at most maxTrials looks). */
  level: z.number(),
  decision: decisionSchema.or(z.literal("new")),
});

/** comparison.json: a run compared with its baselines, every gate decided. */
export const comparisonSchema = z.object({
  schemaVersion: z.literal(COMPARE_SCHEMA_VERSION),
  verdict: verdictSchema,
  suites: z.array(suiteComparisonSchema),
  /** Per suite run on several models: which model (absent when no suite was). */
  modelChoices: z.array(modelChoiceSchema).optional(),
  routing: z.array(routingResultSchema).optional(),
  /** Sequential trials: every round of every suite that ran them (absent when none did). */
  rounds: z.array(sequentialRoundSchema).optional(),
});
