import { scorerName } from "../config/scorer-config.js";
import { resolveTarget } from "./guard/target.js";
import { JUDGE_ERROR } from "./judge/judge.js";
import type { ScorerImpl } from "./types.js";

/**
 * The provider's moderation endpoint: value 1 when nothing in the chosen categories is flagged
 * (or scores above maxScore), 0 otherwise. A call that failed (after its retries) or an endpoint
 * without moderation is an error of the case (class judge_error, like a judge that could not be
 * reached), never a score of 0: an outage of the moderation endpoint is not a quality drop.
 */
export const moderation: ScorerImpl<"moderation"> = {
  async score(c, ctx) {
    if (!ctx.moderate)
      return {
        value: 0,
        reason: "moderation: no moderation endpoint available",
        error: JUDGE_ERROR,
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
        error: JUDGE_ERROR,
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
