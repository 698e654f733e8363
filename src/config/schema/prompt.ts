import { z } from "zod";
import { gateSchema } from "./gate.js";
import { choiceSchema } from "./scorer-judge.js";
import { scorerSchema } from "./scorers.js";

export const messageSchema = z.strictObject({
  role: z.enum(["system", "user", "assistant", "developer"]),
  content: z.string().describe("Message text; {{name}} and {{a.b}} are template variables."),
});

export const modelParametersSchema = z
  .strictObject({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    topP: z.number().min(0).max(1).optional(),
    stop: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("Stop sequences (llmops only; gh-models ignores them)."),
  })
  .describe("Sampling parameters passed to the model.");

const stringEvaluatorSchema = z
  .strictObject({
    equals: z.string().optional(),
    contains: z.string().optional(),
    startsWith: z.string().optional(),
    endsWith: z.string().optional(),
  })
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of equals, contains, startsWith, endsWith",
  });

/** An evaluator in GitHub's prompt-file format: exactly one of string, llm, uses. */
export const githubEvaluatorSchema = z
  .strictObject({
    name: z.string().min(1),
    string: stringEvaluatorSchema.optional(),
    llm: z
      .strictObject({
        modelId: z.string().min(1),
        prompt: z.string().min(1),
        choices: z.array(choiceSchema).min(2),
        systemPrompt: z.string().optional(),
      })
      .optional(),
    uses: z
      .string()
      .regex(/^github\/[a-z-]+$/, "expected github/<evaluator>")
      .optional(),
  })
  .refine((e) => [e.string, e.llm, e.uses].filter((v) => v !== undefined).length === 1, {
    message: "an evaluator needs exactly one of string, llm, uses",
  });

/** Token budget of a prompt's requests, checked before any call. */
export const budgetSchema = z
  .strictObject({
    inputTokens: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Most input tokens a rendered request may have; a case over it fails (over_budget) without a call.",
      ),
    outputTokens: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Most output tokens: caps the maxTokens sent with each request."),
  })
  .describe("Token budget per request, checked before any call.");

/** llmops-only settings, kept under one key so GitHub's tools still accept the file. */
export const promptLlmopsSchema = z
  .strictObject({
    models: z.array(z.string().min(1)).min(1).optional(),
    trials: z.number().int().min(1).max(100).optional(),
    scorers: z.array(scorerSchema).optional(),
    judge: z.string().min(1).optional(),
    gate: gateSchema.optional(),
    budget: budgetSchema.optional(),
  })
  .describe("llmops settings for running this prompt file's testData as a suite.");

/** A GitHub Models prompt file (*.prompt.yml), read unchanged. */
export const promptFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .min(1)
      .optional()
      .describe("The prompt's name (default: the file name); `llmops prompts log NAME` uses it."),
    description: z.string().optional(),
    model: z
      .string()
      .min(1)
      .optional()
      .describe("Model to call, e.g. openai/gpt-4o-mini or a llmops.yaml alias; needed to run."),
    modelParameters: modelParametersSchema.optional(),
    responseFormat: z.enum(["text", "json_object", "json_schema"]).optional(),
    jsonSchema: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .optional()
      .describe('JSON text of {"name", "strict"?, "schema"}, as GitHub defines it.'),
    messages: z.array(messageSchema).min(1),
    testData: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe("Rows of variables; with them the file is a runnable suite."),
    evaluators: z.array(githubEvaluatorSchema).optional(),
    llmops: promptLlmopsSchema.optional(),
  })
  .describe("A GitHub Models prompt file.");

export type PromptFileData = z.infer<typeof promptFileSchema>;
export type Message = z.infer<typeof messageSchema>;
export type ModelParameters = z.infer<typeof modelParametersSchema>;
export type GithubEvaluator = z.infer<typeof githubEvaluatorSchema>;
