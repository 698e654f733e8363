import type { Price } from "../config/schema/config.js";
import { BUILTIN_PRICES } from "./pricing.js";
import type { Usage } from "./types.js";

/**
 * Published prices of cached input tokens (USD per million, standard tier), as on
 * openai.com/api/pricing on BUILTIN_PRICES_DATE. Models without a discount are absent.
 */
const CACHED_INPUT: Record<string, number> = {
  "gpt-5": 0.125,
  "gpt-5-mini": 0.025,
  "gpt-5-nano": 0.005,
  "gpt-4.1": 0.5,
  "gpt-4.1-mini": 0.1,
  "gpt-4.1-nano": 0.025,
  "gpt-4o": 1.25,
  "gpt-4o-mini": 0.075,
  o3: 0.5,
  "o3-mini": 0.55,
  "o4-mini": 0.275,
  o1: 7.5,
};

/** The price of a cached input token: as configured, else the published one, else the input price. */
export function cachedInputPrice(id: string, price: Price): number {
  if (price.cachedInput !== undefined) return price.cachedInput;
  const bare = id.replace(/^openai\//, "").replace(/-\d{4}-\d{2}-\d{2}$/, "");
  const listed = CACHED_INPUT[bare];
  // A configured price that differs from the list is a different deal: do not guess its discount.
  return listed !== undefined && BUILTIN_PRICES[bare]?.input === price.input ? listed : price.input;
}

/** Cost in USD of a call whose input tokens include `cached` tokens read from the prompt cache. */
export function costWithCache(
  id: string,
  tokens: { input: number; output: number; cached: number },
  price: Price,
): number {
  const cached = Math.min(tokens.cached, tokens.input);
  return (
    ((tokens.input - cached) * price.input +
      cached * cachedInputPrice(id, price) +
      tokens.output * price.output) /
    1_000_000
  );
}

/**
 * Cost in USD of a call: its cached prompt tokens at the cached-input price, the rest at the input
 * price; undefined when the price or the usage is unknown (never 0 by default).
 */
export function callCost(id: string, usage: Usage | undefined, price: Price | undefined) {
  if (!usage || !price) return undefined;
  return costWithCache(
    id,
    { input: usage.promptTokens, output: usage.completionTokens, cached: usage.cachedTokens ?? 0 },
    price,
  );
}
