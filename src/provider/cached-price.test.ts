import { describe, expect, it } from "vitest";
import { callCost } from "./cached-price.js";
import { builtinPrice } from "./pricing.js";

describe("callCost: cached prompt tokens at the cached-input price", () => {
  it("prices cached tokens at the published cached price of a listed model", () => {
    const price = builtinPrice("gpt-4o-mini");
    expect(price).toBeDefined();
    if (!price) return;
    // gpt-4o-mini: $0.15 in, $0.075 cached in, $0.60 out per million.
    const all = callCost("gpt-4o-mini", { promptTokens: 2000, completionTokens: 100 }, price);
    const half = callCost(
      "gpt-4o-mini",
      { promptTokens: 2000, completionTokens: 100, cachedTokens: 1000 },
      price,
    );
    expect(all).toBeCloseTo((2000 * 0.15 + 100 * 0.6) / 1e6, 12);
    expect(half).toBeCloseTo((1000 * 0.15 + 1000 * 0.075 + 100 * 0.6) / 1e6, 12);
  });

  it("is undefined without usage or price, and never counts more cached than prompt tokens", () => {
    expect(callCost("gpt-4o", undefined, { input: 1, output: 1 })).toBeUndefined();
    expect(callCost("gpt-4o", { promptTokens: 1, completionTokens: 1 }, undefined)).toBeUndefined();
    const price = { input: 2, output: 8, cachedInput: 0.5 };
    expect(
      callCost("custom", { promptTokens: 100, completionTokens: 0, cachedTokens: 500 }, price),
    ).toBeCloseTo((100 * 0.5) / 1e6, 12);
  });
});
