import type { z } from "zod";
import type {
  routerAnswerSchema,
  runStatusSchema,
  runSummarySchema,
  trialResultSchema,
} from "./schema.js";

/** One line of results.jsonl: one trial of one case on one model. */
export type TrialResult = z.infer<typeof trialResultSchema>;

/** One line of routes.jsonl: an LLM router's answer to one case. */
export type RouterAnswer = z.infer<typeof routerAnswerSchema>;

/** Run status: complete, or why it stopped early. */
export type RunStatus = z.infer<typeof runStatusSchema>;

/** The identity of a trial within a run. */
export function trialId(r: Pick<TrialResult, "suite" | "model" | "case" | "trial">): string {
  return `${r.suite}\u0000${r.model}\u0000${r.case}\u0000${r.trial}`;
}

/** What `llmops eval` produced (summary.json). */
export type RunSummary = z.infer<typeof runSummarySchema>;
