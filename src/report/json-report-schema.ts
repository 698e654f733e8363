/**
 * report.json, version 1: the one definition of its shape. The TypeScript types are inferred from
 * these schemas, `schema/report.schema.json` is generated from them (`npm run schema`), and the
 * tests validate every report they produce against them. docs/report-json.md explains the fields.
 */

import { z } from "zod";
import {
  caseStatusSchema as caseStatus,
  decisionSchema as decision,
  gateCheckSchema,
  modelChoiceSchema,
  pairedTestSchema,
  recordStatsSchema,
  routingResultSchema,
  scorerSummarySchema,
  sequentialRoundSchema,
  verdictSchema as verdict,
} from "../compare/schema.js";
import { runStatusSchema as runStatus } from "../run/schema.js";

const num = z.number();
const nullableNum = z.number().nullable();
const counts = z.record(z.string(), z.number());

const jsonVerdict = z
  .union([verdict, z.literal("not-compared"), z.literal("error")])
  .describe(
    'The verdict; "not-compared" when the run did not complete and no gate was decided; "error" when the run could not complete or produced no scores (exit 3), whatever was compared.',
  );

const jsonRun = z.object({
  id: z.string(),
  status: runStatus,
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: num,
  llmopsVersion: z.string(),
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean(), user: z.string().nullable() }),
  ci: z.object({ provider: z.string(), url: z.string().nullable() }).nullable(),
  totals: z.object({ trials: num, planned: num, remaining: num, spentUsd: num }),
});

const jsonFigures = z
  .object({
    promptVersion: z.string(),
    cases: num,
    trials: num,
    passedTrials: num,
    passRate: num,
    meanScore: num,
    scoreSE: num,
    tokens: z.object({ prompt: num, completion: num, cached: num.optional() }),
    cost: z.object({ total: num, perCase: nullableNum, unknownTrials: num }),
    latencyMs: z.object({ p50: nullableNum, p95: nullableNum }),
    ttftMs: z.object({ p50: nullableNum }),
    errors: counts,
    judge: z.object({
      promptTokens: num,
      completionTokens: num,
      cost: num,
      calls: num,
      unknownCost: num,
      parseErrors: num.describe("Judge replies not in the verdict format (judge_parse)."),
    }),
    sources: z.object({ fixture: num, cache: num, live: num }),
  })
  .describe("What the run spent and measured on a suite and model (from the run summary).");

const jsonStats = recordStatsSchema.describe("Figures of one side of a comparison.");

const jsonTest = pairedTestSchema.describe(
  "The paired test of the drop (candidate minus baseline, per case).",
);

const jsonCheck = gateCheckSchema;

const jsonScorer = z.object({
  name: z.string(),
  type: z.string(),
  value: num,
  passes: num,
  reason: z.string(),
  error: z.string().nullable(),
});

const jsonSuiteComparison = z.object({
  baselineModel: z.string().nullable(),
  isNew: z.boolean(),
  decision: z.union([decision, z.literal("new")]),
  promptVersions: z.object({ baseline: z.string().nullable(), candidate: z.string() }),
  baseline: jsonStats.nullable(),
  candidate: jsonStats,
  paired: num,
  test: jsonTest.nullable(),
  pAdjusted: nullableNum,
  mde: nullableNum.describe(
    "Smallest drop the gate would FAIL 80% of the time at this size, simulated from the run's own cases; null when too large to detect.",
  ),
  toDecide: z
    .object({
      trials: nullableNum.describe(
        "Trials per case, baseline and candidate alike, for an MDE within the margin; null when over 10 (add cases instead).",
      ),
      cases: num.describe("Cases at the current trials per case for an MDE within the margin."),
      calls: num.describe(
        "Calls that costs: the candidate's extra trials plus the baseline re-recorded at `trials`; or, with `trials` null, the new cases on both sides.",
      ),
      cost: nullableNum.describe("Dollars for `calls` at the run's observed cost per call."),
    })
    .nullable()
    .describe("For an INCONCLUSIVE suite: what would decide it, and its price. Null otherwise."),
  gate: z.object({ margin: num, alpha: num }),
  checks: z.array(jsonCheck),
  counts: z.record(caseStatus, num),
  drift: z.array(z.string()),
  scorers: z
    .array(scorerSummarySchema)
    .describe(
      "Pass rate per scorer over the trials it scored: the baseline's on the same cases (null without one) and the candidate's.",
    ),
});

const jsonSuite = z.object({
  suite: z.string(),
  model: z.string(),
  verdict: jsonVerdict,
  reason: z.string().nullable().describe("Why the verdict is what it is; null when not compared."),
  figures: jsonFigures
    .nullable()
    .describe("The run's own figures; null when the run summary lacks them."),
  comparison: jsonSuiteComparison
    .nullable()
    .describe("The comparison with the baseline; null when not compared."),
});

const jsonCaseSide = z
  .object({
    meanScore: num,
    trials: num,
    passes: num,
    scores: z.array(num),
    errors: counts,
    errorMessage: z.string().nullable(),
    scorers: z.array(jsonScorer),
    tokens: z.object({ prompt: num, completion: num }),
    cost: nullableNum,
    latencyMs: nullableNum,
  })
  .describe("One side of a case, without its outputs (they are in the run's results.jsonl).");

const jsonCase = z.object({
  suite: z.string(),
  model: z.string(),
  id: z.string(),
  status: caseStatus,
  delta: nullableNum,
  passRate: z
    .object({ rate: num, low: num, high: num })
    .nullable()
    .describe("Flaky cases: the candidate's pass rate and its Wilson 95% interval."),
  location: z
    .object({ file: z.string(), line: num })
    .nullable()
    .describe("Where the case is written; null when unknown."),
  baseline: jsonCaseSide.nullable(),
  candidate: jsonCaseSide.nullable(),
});

export const jsonReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.literal("llmops-report"),
    verdict: jsonVerdict,
    verdictLine: z.string().describe("The verdict line of the markdown report, as plain text."),
    exitCode: z
      .number()
      .describe("The exit code of the run that the verdict line was derived from."),
    run: jsonRun,
    suites: z.array(jsonSuite).describe("One entry per suite and model."),
    cases: z
      .array(jsonCase)
      .describe("Every case of every compared suite and model (empty when not compared)."),
    reproduce: z.string().describe("The command that reproduces the run locally."),
    modelChoices: z
      .array(modelChoiceSchema)
      .optional()
      .describe("Which model, per suite run on several models (absent when none was)."),
    routing: z
      .array(routingResultSchema)
      .optional()
      .describe("Routers evaluated, per suite that declares routing (absent when none does)."),
    rounds: z
      .array(sequentialRoundSchema)
      .optional()
      .describe(
        "Sequential trials: each round of each suite and model, its trials per case, level and decision (absent when no suite ran them).",
      ),
  })
  .describe("llmops report.json, version 1");

export type JsonVerdict = z.infer<typeof jsonVerdict>;
export type JsonReport = z.infer<typeof jsonReportSchema>;
export type JsonRun = z.infer<typeof jsonRun>;
export type JsonSuite = z.infer<typeof jsonSuite>;
export type JsonFigures = z.infer<typeof jsonFigures>;
export type JsonStats = z.infer<typeof jsonStats>;
export type JsonTest = z.infer<typeof jsonTest>;
export type JsonCheck = z.infer<typeof jsonCheck>;
export type JsonScorer = z.infer<typeof jsonScorer>;
export type JsonSuiteComparison = z.infer<typeof jsonSuiteComparison>;
export type JsonCase = z.infer<typeof jsonCase>;
export type JsonCaseSide = z.infer<typeof jsonCaseSide>;

/** report.json's JSON Schema, for consumers that validate the file (schema/report.schema.json). */
export function jsonReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(jsonReportSchema, { target: "draft-2020-12", reused: "ref" }),
    $id: "https://llmops.dev/schema/report.schema.json",
    title: "llmops report.json",
  };
}
