import type { CallError } from "../provider/types.js";
import type { Score } from "../scorer/types.js";
import type { SuiteSummary } from "./aggregate.js";
import type { RunMeta } from "./meta.js";

/** One line of results.jsonl: one trial of one case on one model. */
export interface TrialResult {
  suite: string;
  model: string;
  case: string;
  /** 0-based trial index. */
  trial: number;
  promptVersion: string;
  /** Digest of the case's inputs (vars and expected). */
  caseDigest: string;
  /** Hash of the rendered request (the recording key). */
  requestKey: string;
  output: string | null;
  scores: Score[];
  /** Weighted mean of the scorers' values, 0..1; 0 when the call failed. */
  score: number;
  pass: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
  usage: { promptTokens: number; completionTokens: number } | null;
  /** USD; null when unknown (no price or no usage). */
  cost: number | null;
  finishReason: string | null;
  error: CallError | null;
  source: "fixture" | "cache" | "live";
  /** Tokens and cost of the judge calls made to score this trial. */
  judge: {
    promptTokens: number;
    completionTokens: number;
    cost: number | null;
    calls: number;
  } | null;
}

/** Run status: complete, or why it stopped early. */
export type RunStatus = "complete" | "interrupted" | "budget" | "failed";

/** The identity of a trial within a run. */
export function trialId(r: Pick<TrialResult, "suite" | "model" | "case" | "trial">): string {
  return `${r.suite}\u0000${r.model}\u0000${r.case}\u0000${r.trial}`;
}

/** What `llmops eval` produced. */
export interface RunSummary {
  schemaVersion: 1;
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  meta: RunMeta;
  totals: { trials: number; planned: number; remaining: number; spentUsd: number };
  suites: SuiteSummary[];
  /** Fixture files written by --record. */
  recorded: string[];
}
