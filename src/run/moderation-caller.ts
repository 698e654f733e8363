import type { ModelCaller } from "../provider/caller.js";
import type { ModerationCaller, ModerationReply } from "../scorer/types.js";
import type { Task } from "./plan.js";

export const DEFAULT_MODERATION_MODEL = "omni-moderation-latest";

/** Moderation calls for one trial, through the recordings, cache and live providers. */
export function makeModerationCaller(
  caller: ModelCaller,
  task: Task,
  providers: string[],
  signal: AbortSignal,
): ModerationCaller {
  return async (r) => {
    const provider = r.provider ?? providers[0]!;
    const model = `${provider}/${r.model ?? DEFAULT_MODERATION_MODEL}`;
    const out = await caller.call(
      model,
      { messages: [], moderationInput: r.input },
      {
        suite: task.suite.name,
        case: task.case.id,
        trial: task.trial,
        kind: "moderation",
        scorer: r.scorer,
      },
      signal,
    );
    if (!out.result.ok) return { error: out.result.error };
    try {
      const raw = JSON.parse(out.result.completion.content) as {
        flagged?: boolean;
        categories?: Record<string, boolean>;
        category_scores?: Record<string, number>;
      };
      const reply: ModerationReply = {
        flagged: Boolean(raw.flagged),
        categories: raw.categories ?? {},
        scores: raw.category_scores ?? {},
        source: out.source,
      };
      return reply;
    } catch {
      return { error: { class: "bad_response", message: "the moderation reply was not JSON" } };
    }
  };
}
