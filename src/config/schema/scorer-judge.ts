import { z } from "zod";
import { defineScorerSchema as scorer } from "./scorer.js";
import { guardExpect, rejectNotOnGuard } from "./scorer-guard.js";

/** Fields every LLM-judge scorer accepts. */
const judge = {
  model: z
    .string()
    .min(1)
    .optional()
    .describe("Judge model; default the suite's judge, then llmops.yaml judge."),
};
const varName = (fallback: string) =>
  z.string().min(1).optional().describe(`Name of the case variable to use (default ${fallback}).`);

/** The choices of a classification judge, as GitHub prompt files write them. */
export const choiceSchema = z.strictObject({
  choice: z.string().min(1),
  score: z.number().min(0).max(1),
});

export const githubEvaluatorNames = [
  "similarity",
  "coherence",
  "fluency",
  "relevance",
  "groundedness",
] as const;

export const judgeScorers = [
  scorer(
    "llm-rubric",
    {
      ...judge,
      rubric: z
        .string()
        .min(1)
        .describe("What a good output does; may use {{vars}}, {{expected}}, {{output}}."),
      examples: z
        .array(
          z.strictObject({
            output: z.string(),
            verdict: z.enum(["pass", "partial", "fail"]),
            reason: z.string().optional(),
          }),
        )
        .optional()
        .describe("Few-shot examples shown to the judge."),
    },
    "A judge grades the output against a free-text rubric.",
  ),
  scorer(
    "factuality",
    { ...judge },
    "A judge compares the output's facts with the case's expected answer.",
  ),
  scorer(
    "closed-qa",
    {
      ...judge,
      criterion: z.string().min(1).describe("What a correct answer must satisfy."),
      question: varName("question, else input"),
    },
    "A judge decides whether the output answers the question correctly under a criterion.",
  ),
  scorer(
    "groundedness",
    { ...judge, context: varName("context") },
    "A judge checks that every claim of the output is supported by the context.",
  ),
  scorer(
    "answer-relevance",
    { ...judge, question: varName("question, else input") },
    "A judge decides whether the output addresses the question.",
  ),
  scorer(
    "context-relevance",
    { ...judge, question: varName("question, else input"), context: varName("context") },
    "A judge rates how relevant the retrieved context is to the question.",
  ),
  scorer(
    "llm-classify",
    {
      ...judge,
      prompt: z
        .string()
        .min(1)
        .describe("Judge prompt; {{completion}} or {{output}} is the model's output."),
      systemPrompt: z
        .string()
        .optional()
        .describe(
          "System prompt; in a prompt file sent as written (not templated), as gh-models does.",
        ),
      choices: z.array(choiceSchema).min(2),
    },
    "A judge picks one of the given choices; its score is the value (in a prompt file: asked as written, answering in plain text).",
  ),
  scorer(
    "llm-prompt-injection",
    {
      ...judge,
      target: z
        .string()
        .regex(/^(output|vars\.[\w-]+(\.[\w-]+)*)$/, "expected output or vars.<name>")
        .optional()
        .describe("What to check: output (default) or vars.<name> (an input)."),
      ...guardExpect,
    },
    "A judge decides whether a text tries to override or subvert a model's instructions (value 1 when benign).",
  ).superRefine(rejectNotOnGuard),
  scorer(
    "github",
    { ...judge, evaluator: z.enum(githubEvaluatorNames) },
    "GitHub's built-in evaluators (uses: github/...), scored 1-5 and mapped to 0-1.",
  ),
] as const;

/** Scorers that call a model endpoint other than a judge. */
export const callingScorers = [
  scorer(
    "moderation",
    {
      provider: z
        .string()
        .min(1)
        .optional()
        .describe("Provider whose moderation endpoint to call (default: the first)."),
      model: z
        .string()
        .min(1)
        .optional()
        .describe("Moderation model (default omni-moderation-latest)."),
      categories: z
        .array(z.string().min(1))
        .optional()
        .describe("Categories that count (e.g. harassment, violence); default all."),
      maxScore: z
        .number()
        .min(0)
        .max(1)
        .optional()
        .describe("Flag a category whose score exceeds this; default: the endpoint's own flag."),
      target: z
        .string()
        .regex(/^(output|vars\.[\w-]+(\.[\w-]+)*)$/, "expected output or vars.<name>")
        .optional()
        .describe("What to check: output (default) or vars.<name>."),
      ...guardExpect,
    },
    "The provider's moderation endpoint finds nothing in the output (value 1 when clean).",
  ).superRefine(rejectNotOnGuard),
] as const;
