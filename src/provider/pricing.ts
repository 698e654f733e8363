import type { Price } from "../config/schema/config.js";

/**
 * List prices of common OpenAI models in USD per million tokens, standard tier, as published on
 * openai.com/api/pricing on the date below. Prices change: set `price` on a model in llmops.yaml
 * to override. A model not listed here and not priced in llmops.yaml has an unknown cost.
 */
export const BUILTIN_PRICES_DATE = "2025-08-07";
export const BUILTIN_PRICES: Record<string, Price> = {
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  o1: { input: 15, output: 60 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
};

/**
 * The price of a model id: exact, else a dated snapshot of a listed model
 * (gpt-4o-2024-08-06 is gpt-4o), with a GitHub-style "openai/" prefix ignored.
 */
export function builtinPrice(id: string): Price | undefined {
  const bare = id.replace(/^openai\//, "");
  if (BUILTIN_PRICES[bare]) return BUILTIN_PRICES[bare];
  const snapshot = /^(.*?)-\d{4}-\d{2}-\d{2}$/.exec(bare);
  return snapshot ? BUILTIN_PRICES[snapshot[1]!] : undefined;
}

/**
 * Context windows (input + output tokens) of the same models, as published on
 * platform.openai.com/docs/models on BUILTIN_PRICES_DATE. Other models: unknown.
 */
const CONTEXT_WINDOWS: Record<string, number> = {
  "gpt-5": 400_000,
  "gpt-5-mini": 400_000,
  "gpt-5-nano": 400_000,
  "gpt-4.1": 1_047_576,
  "gpt-4.1-mini": 1_047_576,
  "gpt-4.1-nano": 1_047_576,
  "gpt-4o": 128_000,
  "gpt-4o-mini": 128_000,
  o3: 200_000,
  "o3-mini": 200_000,
  "o4-mini": 200_000,
  o1: 200_000,
  "gpt-4-turbo": 128_000,
  "gpt-3.5-turbo": 16_385,
};

/** The context window of a model id (a dated snapshot and an "openai/" prefix are ignored). */
export function contextWindow(id: string): number | undefined {
  const bare = id.replace(/^openai\//, "").replace(/-\d{4}-\d{2}-\d{2}$/, "");
  return CONTEXT_WINDOWS[bare];
}
