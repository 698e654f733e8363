import type { ModelAlias, ProviderConfig } from "./schema/config.js";
import type { GateConfig } from "./schema/gate.js";

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
  /** Where llmops.yaml sets judge:, for problems with it. */
  judgeAt?: { line: number; col: number } | undefined;
  concurrency: number;
  /** Price factor of calls made through the Batch API (eval --batch); default 0.5. */
  batchDiscount?: number | undefined;
  paths: Paths;
  gate: GateConfig;
  /** Globs (relative to the root) of more prompt files, such as gh-models' `*_prompt.yml`. */
  promptGlobs?: string[];
  /** Digest of the configuration as written: part of every run's audit record. */
  digest: string;
}
