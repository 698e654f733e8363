import { z } from "zod";
import { gateSchema } from "./gate.js";

export const providerSchema = z.strictObject({
  type: z.literal("openai").describe("OpenAI or any OpenAI-compatible endpoint."),
  baseURL: z.string().url().optional().describe("Endpoint, e.g. http://localhost:8000/v1."),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected the NAME of an environment variable")
    .optional()
    .describe("Name of the environment variable holding the key (never the key itself)."),
  stream: z
    .boolean()
    .optional()
    .describe("Stream responses to measure time to first token (default true)."),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Per-attempt timeout in ms: until the response headers, and between two chunks of a stream (default 60000).",
    ),
  deadlineMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Overall deadline of one call in ms, every attempt, retry and wait included (default 120000); past it the call fails as a timeout.",
    ),
  maxRetryAfterMs: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "The longest Retry-After (ms) llmops waits out before a retry (default 30000); a longer one fails the call as rate_limit at once.",
    ),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .optional()
    .describe("Retries on 429, 5xx and dropped connections (default 3)."),
  headers: z.record(z.string(), z.string()).optional().describe("Extra HTTP headers."),
  structuredOutput: z
    .enum(["json_schema", "tool"])
    .optional()
    .describe(
      "How judges force structured replies: a json_schema response format (default) or a tool call.",
    ),
});

export const priceSchema = z.strictObject({
  input: z.number().min(0).describe("USD per million input tokens."),
  output: z.number().min(0).describe("USD per million output tokens."),
  cachedInput: z
    .number()
    .min(0)
    .optional()
    .describe(
      "USD per million cached input tokens (default the published discount of a known model, else the input price).",
    ),
});

export const modelAliasSchema = z.strictObject({
  provider: z.string().min(1).optional().describe("Provider name from `providers`."),
  id: z.string().min(1).optional().describe("Model id sent to the endpoint; default the alias."),
  price: priceSchema.optional(),
});

export const pathsSchema = z.strictObject({
  baselines: z.string().optional().describe("Default evals/baselines."),
  fixtures: z.string().optional().describe("Default fixtures."),
  runs: z.string().optional().describe("Default .llmops/runs."),
  prompts: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Globs, relative to the root, of prompt files besides **/*.prompt.{yml,yaml}, e.g. "**/*_prompt.yml".',
    ),
});

/** llmops.yaml: the project's configuration. Every key is optional. */
export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    providers: z.record(z.string(), providerSchema).optional(),
    models: z.record(z.string(), modelAliasSchema).optional(),
    judge: z.string().min(1).optional().describe("Default judge model."),
    concurrency: z.number().int().min(1).max(1000).optional().describe("Default 8."),
    batchDiscount: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        "Price factor of calls made through the Batch API (eval --batch): 0.5 is half price. Default 0.5.",
      ),
    paths: pathsSchema.optional(),
    gate: gateSchema.optional(),
  })
  .describe("llmops project configuration.");

export type ConfigFileData = z.infer<typeof configFileSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ModelAlias = z.infer<typeof modelAliasSchema>;
export type Price = z.infer<typeof priceSchema>;
