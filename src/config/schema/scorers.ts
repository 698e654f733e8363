import { z } from "zod";
import { deterministicScorers } from "./scorer.js";
import { codeScorers } from "./scorer-code.js";
import { guardScorers } from "./scorer-guard.js";
import { callingScorers, judgeScorers } from "./scorer-judge.js";

/** Every scorer llmops knows, keyed by `type`. */
export const scorerSchema = z.discriminatedUnion("type", [
  ...deterministicScorers,
  ...judgeScorers,
  ...callingScorers,
  ...guardScorers,
  ...codeScorers,
]);

export type ScorerConfig = z.infer<typeof scorerSchema>;
export type ScorerType = ScorerConfig["type"];
export type ScorerOf<T extends ScorerType> = Extract<ScorerConfig, { type: T }>;

export const scorerTypes: readonly ScorerType[] = scorerSchema.options.map(
  (o) => o.shape.type.value,
);

/** Scorer types that call a judge model. */
export const judgeScorerTypes: ReadonlySet<ScorerType> = new Set(
  judgeScorers.map((o) => o.shape.type.value),
);
