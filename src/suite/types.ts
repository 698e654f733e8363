import type { GateConfig } from "../config/schema/gate.js";
import type { ScorerConfig } from "../config/schema/scorers.js";
import type { RoutingConfig } from "../config/schema/suite.js";
import type { Config } from "../config/types.js";
import type { Case } from "../dataset/types.js";
import type { Prompt } from "../prompt/types.js";

/** A runnable suite: an *.eval.yml file, or a prompt file that carries testData. */
export interface Suite {
  name: string;
  kind: "suite" | "prompt";
  /** Project-relative path of the file that defines the suite. */
  file: string;
  description: string;
  prompt: Prompt;
  models: string[];
  trials: number;
  judge: string | undefined;
  scorers: ScorerConfig[];
  cases: Case[];
  gate: GateConfig;
  /** How cases are grouped for the fairness gate (`tag:<prefix>` or `vars.<name>`). */
  groupBy: string | undefined;
  /** Project-relative dataset files the cases came from. */
  datasets: string[];
  /** Routers evaluated from a matrix run's answers (docs/cost.md, Routing). */
  routing?: RoutingConfig | undefined;
  /** The loaded prompt of each LLM router, by router name. */
  routerPrompts?: Record<string, Prompt> | undefined;
  /** Token budget per request (the suite's over the prompt's llmops.budget); undefined: none. */
  budget?: Budget | undefined;
}

/** Most input tokens a request may have and most output tokens it may ask for. */
export interface Budget {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
}

export interface Project {
  config: Config;
  prompts: Prompt[];
  suites: Suite[];
}
