import type { ScorerConfig, ScorerOf, ScorerType } from "../config/schema/scorers.js";
import type { Case } from "../dataset/types.js";
import type { Completion, ResponseSource } from "../provider/types.js";
import type { Suite } from "../suite/types.js";

/** Everything a scorer may look at for one trial. */
export interface ScoreContext {
  output: string;
  case: Case;
  suite: Suite;
  /** The call's measurements (latency, usage). */
  completion: Completion;
  /** USD; undefined when unknown. */
  cost: number | undefined;
  /** Runs judge calls for LLM scorers (recorded and cached like any call). */
  judge?: JudgeCaller;
  /** Asks a provider's moderation endpoint (recorded and cached like any call). */
  moderate?: ModerationCaller;
  signal?: AbortSignal;
  /** Absolute project root: where `script` modules and `exec` commands are resolved from. */
  root?: string;
  /** The messages sent to the model for this trial, rendered. */
  messages?: readonly { role: string; content: unknown }[];
}

/** What a judge call returns to a judge scorer. */
export interface JudgeReply {
  /** The structured reply's text (JSON from a schema response or a tool call). */
  text: string;
  model: string;
  usage: { promptTokens: number; completionTokens: number } | undefined;
  cost: number | undefined;
  source: ResponseSource;
}

/** A moderation endpoint's verdict on one text. */
export interface ModerationReply {
  flagged: boolean;
  categories: Record<string, boolean>;
  scores: Record<string, number>;
  source: ResponseSource;
}

export type ModerationCaller = (request: {
  scorer: string;
  provider: string | undefined;
  model: string | undefined;
  input: string;
}) => Promise<ModerationReply | { error: { class: string; message: string } }>;

export type JudgeCaller = (
  request: JudgeRequest,
) => Promise<JudgeReply | { error: { class: string; message: string } }>;

export interface JudgeRequest {
  scorer: string;
  /** Judge model; default the suite's judge, then llmops.yaml's, then the built-in default. */
  model: string | undefined;
  system: string;
  user: string;
  /**
   * JSON Schema of the reply: reasoning first, then the verdict. Absent: the judge is asked as
   * written and answers in plain text (GitHub's `llm:` evaluators); an empty system is omitted.
   */
  schema?: Record<string, unknown>;
}

/** A scorer's raw verdict: a value in [0,1] and the reason for it. */
export interface RawScore {
  value: number;
  reason: string;
  /** An error class when the scorer could not decide (judge_parse, unknown_cost, ...). */
  error?: string;
  /** Judge details kept in the result: model, reasoning, verdict, tokens, cost. */
  judge?: JudgeInfo;
  /** An explicit verdict (your own scorers' `pass`): it overrides the threshold. */
  pass?: boolean;
}

export interface JudgeInfo {
  model: string;
  verdict: string | undefined;
  reasoning: string | undefined;
  promptDigest: string;
  usage: { promptTokens: number; completionTokens: number } | undefined;
  cost: number | undefined;
  source: ResponseSource;
}

/** A scorer's result as stored: the raw verdict with negation, threshold and weight applied. */
export interface Score {
  name: string;
  type: ScorerType;
  value: number;
  pass: boolean;
  reason: string;
  weight: number;
  threshold: number;
  error?: string;
  judge?: JudgeInfo;
}

export interface ScorerImpl<T extends ScorerType> {
  score(config: ScorerOf<T>, ctx: ScoreContext): RawScore | Promise<RawScore>;
  /** Pass threshold when the config gives none (default 1: binary scorers must be right). */
  defaultThreshold?: number;
}

export type ScorerRegistry = { [K in ScorerType]: ScorerImpl<K> };
export type { ScorerConfig };
