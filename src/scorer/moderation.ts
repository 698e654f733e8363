import { scorerName } from "../config/scorer-config.js";
import { resolveTarget } from "./guard/target.js";
import type { ScorerImpl } from "./types.js";

/**
 * The provider's moderation endpoint: value 1 when nothing in the chosen categories is flagged
 * (or scores above maxScore), 0 otherwise; an endpoint that has no moderation is an error.
 */
export const moderation: ScorerImpl<"moderation"> = {
  async score(c, ctx) {
    if (!ctx.moderate)
      return {
        value: 0,
        reason: "no moderation endpoint available",
        error: "moderation_unavailable",
      };
    const target = resolveTarget(c.target, ctx);
    if ("error" in target) return target.error;
    const reply = await ctx.moderate({
      scorer: scorerName(c),
      provider: c.provider,
      model: c.model,
      input: target.text,
    });
    if ("error" in reply)
      return {
        value: 0,
        reason: `moderation call failed: ${reply.error.class}: ${reply.error.message}`,
        error: `moderation_${reply.error.class}`,
      };
    const names = c.categories ?? Object.keys(reply.scores);
    const hits = names.filter((n) =>
      c.maxScore !== undefined ? (reply.scores[n] ?? 0) > c.maxScore : reply.categories[n] === true,
    );
    if (hits.length === 0)
      return {
        value: 1,
        reason: `not flagged${c.categories ? ` for ${c.categories.join(", ")}` : ""}`,
      };
    return {
      value: 0,
      reason: `flagged: ${hits.map((h) => `${h} ${(reply.scores[h] ?? 0).toFixed(2)}`).join(", ")}`,
    };
  },
};
