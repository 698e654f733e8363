import { z } from "zod";
import { PATTERN_HINT, patternProblem } from "../../util/user-regex.js";

/** A user-written regular expression: it must compile on the linear-time engine that runs it. */
export const userPattern = (description: string, templated = false) =>
  z
    .string()
    .min(1)
    .superRefine((source, ctx) => {
      // A {{variable}} is filled in (escaped) when the case is scored: check the rest now.
      const problem = patternProblem(
        templated ? source.replace(/\{\{\s*[A-Za-z_][\w.-]*\s*\}\}/g, "x") : source,
      );
      if (problem)
        ctx.addIssue({
          code: "custom",
          message: `pattern not supported: ${problem}`,
          params: { hint: PATTERN_HINT },
        });
    })
    .describe(description);

/** Fields every scorer accepts. */
const common = {
  /** A label for reports; defaults to the scorer's type. */
  name: z
    .string()
    .min(1)
    .optional()
    .describe("A label for reports; defaults to the scorer's type."),
  /** Weight of this scorer in the case's weighted mean score. */
  weight: z
    .number()
    .min(0)
    .optional()
    .describe("Weight of this scorer in the case's weighted mean score (default 1)."),
  /** The value in [0,1] at or above which the scorer passes. */
  threshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Pass when the value (0..1) is at or above this; each scorer has its own default."),
  /** Invert the scorer: value becomes 1 - value, then the threshold applies. */
  not: z.boolean().optional().describe("Invert the scorer: value becomes 1 - value."),
};

const text = z
  .union([z.string(), z.number(), z.boolean()])
  .describe("Text to compare with; may use {{expected}}, {{vars.name}} or {{name}}.");
const ignoreCase = z.boolean().optional().describe("Compare without regard to letter case.");

function scorer<T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) {
  return z.strictObject({ type: z.literal(type), ...common, ...shape }).describe(description);
}

export const deterministicScorers = [
  scorer(
    "equals",
    {
      value: z.unknown().optional().describe("Expected value; default {{expected}}."),
      ignoreCase,
      trim: z.boolean().optional().describe("Trim white space before comparing (default true)."),
    },
    "The output equals a value (default: the case's expected).",
  ),
  scorer("contains", { value: text, ignoreCase }, "The output contains a text."),
  scorer("icontains", { value: text }, "The output contains a text, ignoring case."),
  scorer(
    "contains-any",
    { values: z.array(text).min(1), ignoreCase },
    "The output contains at least one of the texts.",
  ),
  scorer(
    "contains-all",
    { values: z.array(text).min(1), ignoreCase },
    "The output contains every one of the texts; the value is the fraction found.",
  ),
  scorer("starts-with", { value: text, ignoreCase }, "The output starts with a text."),
  scorer("ends-with", { value: text, ignoreCase }, "The output ends with a text."),
  scorer(
    "regex",
    {
      pattern: userPattern(
        "A regular expression (RE2 syntax: JavaScript's without backreferences or lookaround); {{vars}} are inserted as literal text.",
        true,
      ),
      flags: z
        .string()
        .regex(/^[imsu]*$/, "flags may only be i, m, s, u")
        .optional(),
    },
    "The output matches a regular expression.",
  ),
  scorer(
    "is-json",
    {
      allowFences: z
        .boolean()
        .optional()
        .describe("Accept JSON inside a ```json fence (default false)."),
    },
    "The output parses as JSON.",
  ),
  scorer(
    "json-schema",
    {
      schema: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("A JSON Schema; default: the prompt's jsonSchema."),
      allowFences: z.boolean().optional(),
    },
    "The output parses as JSON and validates against a JSON Schema.",
  ),
  scorer(
    "json-field",
    {
      path: z.string().min(1).describe("Path in the parsed output, e.g. items[0].sku."),
      equals: z.unknown().optional(),
      contains: text.optional(),
      matches: userPattern(
        "A regular expression the field's text must match (RE2 syntax); {{vars}} are inserted as literal text.",
        true,
      ).optional(),
      ignoreCase,
      allowFences: z.boolean().optional(),
    },
    "A field of the JSON output equals, contains or matches a value.",
  ),
  scorer(
    "similarity",
    {
      value: text.optional().describe("Text to compare with; default {{expected}}."),
      ignoreCase,
    },
    "1 minus the normalised edit distance to a text (default threshold 0.8).",
  ),
  scorer(
    "length",
    {
      unit: z.enum(["chars", "words"]).optional().describe("Default chars."),
      min: z.number().int().min(0).optional(),
      max: z.number().int().min(0).optional(),
    },
    "The output's length is within bounds.",
  ),
  scorer(
    "latency",
    { max: z.number().positive().describe("Milliseconds.") },
    "The call took at most max ms.",
  ),
  scorer(
    "cost",
    { max: z.number().positive().describe("US dollars per call.") },
    "The call cost at most max USD.",
  ),
  scorer(
    "tokens",
    {
      max: z.number().int().positive(),
      kind: z.enum(["completion", "total"]).optional().describe("Default completion."),
    },
    "The call used at most max tokens.",
  ),
  scorer("refusal", {}, "The output is a refusal (use not: true to require an answer)."),
] as const;

export { common as scorerCommonShape, scorer as defineScorerSchema, text as scorerText };
