import type { Case } from "../dataset/types.js";
import type { Prompt } from "../prompt/types.js";
import type { ModelAlias, ProviderConfig } from "./schema/config.js";
import type { GateConfig } from "./schema/gate.js";
import type { ScorerConfig } from "./schema/scorers.js";

export type { Case, GateConfig, Prompt, ScorerConfig };

/** Project paths, relative to the root. */
export interface Paths {
  baselines: string;
  fixtures: string;
  runs: string;
}

/** llmops.yaml with every default filled in. */
export interface Config {
  /** Absolute path of the project root. */
  root: string;
  /** The config file, relative to the root, when there is one. */
  file: string | undefined;
  providers: Record<string, ProviderConfig>;
  models: Record<string, ModelAlias>;
  judge: string | undefined;
  concurrency: number;
  paths: Paths;
  gate: GateConfig;
  /** Digest of the configuration as written: part of every run's audit record. */
  digest: string;
}

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
  /** Project-relative dataset files the cases came from. */
  datasets: string[];
}

export interface Project {
  config: Config;
  prompts: Prompt[];
  suites: Suite[];
}
