import { distance } from "fastest-levenshtein";
import { valueText } from "../../prompt/template.js";
import type { ScorerImpl } from "../types.js";
import { resolveText } from "../values.js";

export const similarity: ScorerImpl<"similarity"> = {
  defaultThreshold: 0.8,
  score(c, ctx) {
    // The expected answer is data, compared as written; only a configured value is a template.
    let want = (
      c.value === undefined ? valueText(ctx.case.expected) : resolveText(c.value, ctx)
    ).trim();
    let got = ctx.output.trim();
    if (c.ignoreCase) {
      want = want.toLowerCase();
      got = got.toLowerCase();
    }
    const longest = Math.max(want.length, got.length);
    const value = longest === 0 ? 1 : 1 - distance(want, got) / longest;
    return { value, reason: `similarity ${value.toFixed(2)}` };
  },
};

export const length: ScorerImpl<"length"> = {
  score(c, ctx) {
    const unit = c.unit ?? "chars";
    const n =
      unit === "words" ? ctx.output.split(/\s+/).filter(Boolean).length : [...ctx.output].length;
    const low = c.min !== undefined && n < c.min;
    const high = c.max !== undefined && n > c.max;
    const bounds = [
      c.min !== undefined ? `min ${c.min}` : "",
      c.max !== undefined ? `max ${c.max}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    return { value: low || high ? 0 : 1, reason: `${n} ${unit}${bounds ? ` (${bounds})` : ""}` };
  },
};

export const latency: ScorerImpl<"latency"> = {
  score(c, ctx) {
    const ms = Math.round(ctx.completion.latencyMs);
    return { value: ms <= c.max ? 1 : 0, reason: `${ms} ms (max ${c.max})` };
  },
};

export const cost: ScorerImpl<"cost"> = {
  score(c, ctx) {
    if (ctx.cost === undefined)
      return {
        value: 0,
        reason: "cost unknown: no price or no usage for this model",
        error: "unknown_cost",
      };
    return { value: ctx.cost <= c.max ? 1 : 0, reason: `$${ctx.cost.toFixed(6)} (max $${c.max})` };
  },
};

export const tokens: ScorerImpl<"tokens"> = {
  score(c, ctx) {
    const u = ctx.completion.usage;
    if (!u)
      return {
        value: 0,
        reason: "token usage unknown: the endpoint reported none",
        error: "unknown_usage",
      };
    const kind = c.kind ?? "completion";
    const n = kind === "total" ? u.promptTokens + u.completionTokens : u.completionTokens;
    return { value: n <= c.max ? 1 : 0, reason: `${n} ${kind} tokens (max ${c.max})` };
  },
};
