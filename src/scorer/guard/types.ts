import type { z } from "zod";
import type { RawScore, ScoreContext } from "../types.js";

/**
 * A guardrail scorer's implementation, typed by its own schema so it stands before the scorer
 * union includes the guard types; structurally a `ScorerImpl` of the same type.
 */
export interface GuardImpl<S extends z.ZodType> {
  score(config: z.infer<S>, ctx: ScoreContext): RawScore;
  /** Pass threshold when the config gives none (default 1: nothing may be found). */
  defaultThreshold?: number;
}

/** Something a detector found in a text. */
export interface Finding<K extends string = string> {
  kind: K;
  /** Offsets in the scanned text: `text.slice(start, end)` is the finding. */
  start: number;
  end: number;
  value: string;
  /** The value with most of it hidden, safe to print in a reason. */
  masked: string;
}
