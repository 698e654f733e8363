import { ExitCode } from "../errors.js";
import type { Estimate } from "../run/estimate.js";
import { estimateRun, type RunSuitesOptions } from "../run/run-suites.js";

export type EstimateOptions = Pick<
  RunSuitesOptions,
  | "cwd"
  | "env"
  | "now"
  | "targets"
  | "filter"
  | "models"
  | "trials"
  | "mode"
  | "cache"
  | "shard"
  | "untilDecided"
  | "batch"
> & {
  /** The run to resume: only its unfinished trials are estimated. */
  resume?: string | undefined;
  /** With a budget, the answer says whether the run would be refused (exit 4). */
  maxCost?: number | undefined;
};

export interface EstimateResult {
  estimate: Estimate;
  maxCost: number | undefined;
  /** 4 when even the lower estimate is over --max-cost, else 0. */
  exitCode: ExitCode;
}

/** `llmops estimate` / `eval --dry-run`: count and price a run without calling any model. */
export async function estimate(o: EstimateOptions): Promise<EstimateResult> {
  const never = new AbortController().signal;
  const est = await estimateRun({
    ...o,
    prune: false,
    stop: never,
    cancel: never,
    onEvent: () => undefined,
  });
  const over = o.maxCost !== undefined && est.total.costUsd.low > o.maxCost;
  return {
    estimate: est,
    maxCost: o.maxCost,
    exitCode: over ? ExitCode.overBudget : ExitCode.ok,
  };
}
