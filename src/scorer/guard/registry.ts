import type { z } from "zod";
import type { guardScorers } from "../../config/schema/scorer-guard.js";
import type { RawScore, ScoreContext } from "../types.js";
import { banned } from "./banned.js";
import { pii } from "./pii.js";
import { promptInjection } from "./prompt-injection.js";
import { secrets } from "./secrets.js";
import { systemPromptLeak } from "./system-prompt-leak.js";

type GuardConfig = z.infer<(typeof guardScorers)[number]>;

/** A `ScorerRegistry` restricted to the guard types, so the check holds before they join the union. */
type GuardRegistry = {
  [K in GuardConfig["type"]]: {
    score(config: Extract<GuardConfig, { type: K }>, ctx: ScoreContext): RawScore;
    defaultThreshold?: number;
  };
};

/** The guardrail scorers' implementations, keyed by type, to spread into the scorer registry. */
export const guardScorerImpls = {
  pii,
  secrets,
  "prompt-injection": promptInjection,
  "system-prompt-leak": systemPromptLeak,
  banned,
} satisfies GuardRegistry;
