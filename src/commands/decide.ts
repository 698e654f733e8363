import type { Comparison } from "../compare/compare.js";
import { ExitCode, type LlmopsError, RunError } from "../errors.js";
import { fmtUsd } from "../report/terminal.js";
import type { RunSummary } from "../run/types.js";
import { tally } from "../util/stats.js";

/** What a run or a merge ends with: the exit code, and the error that explains a run failure. */
export interface Decision {
  exitCode: ExitCode;
  /** Set when the run could not complete or produced no scores (exit 3): message and hint. */
  failure: LlmopsError | undefined;
}

export interface DecideInput {
  summary: RunSummary;
  /** The error that stopped the run early (systemic failure, replay miss), if any. */
  stoppedBy?: LlmopsError | undefined;
  /** The comparison with the baselines; undefined when the run did not complete. */
  comparison?: Comparison | undefined;
  /** INCONCLUSIVE fails the gate too. */
  strict?: boolean | undefined;
  /** The run folder as the user should type it, for the resume hint. */
  runDirShown: string;
}

/**
 * The one place the outcome of `llmops eval` and `llmops merge` is decided. In order: a run that
 * did not complete is exit 3; a complete run in which every call of a suite failed is exit 3 (it
 * has no scores to gate on); a failed gate is exit 1, except in a shard, whose gate is decided by
 * merge; else 0.
 */
export function decide(d: DecideInput): Decision {
  const { summary } = d;
  const incomplete = incompleteFailure(d);
  if (incomplete) return { exitCode: ExitCode.runFailed, failure: incomplete };
  const dead = summary.suites.filter((s) => s.trials > 0 && tally(s.errors) === s.trials);
  if (dead.length > 0) {
    return {
      exitCode: ExitCode.runFailed,
      failure: new RunError(
        `every call failed for ${dead.map((s) => `${s.suite} [${s.model}]`).join(", ")}`,
        "see the errors above; the run produced no scores for these",
      ),
    };
  }
  const verdict = d.comparison?.verdict;
  const failed = verdict === "fail" || (d.strict === true && verdict === "inconclusive");
  const gated = summary.meta.options.shard === null;
  return { exitCode: failed && gated ? ExitCode.gateFailed : ExitCode.ok, failure: undefined };
}

function incompleteFailure(d: DecideInput): LlmopsError | undefined {
  const { summary } = d;
  if (summary.status === "complete") return undefined;
  if (d.stoppedBy) return d.stoppedBy;
  const resume = `llmops eval --resume ${d.runDirShown}`;
  const { remaining, spentUsd, trials, planned } = summary.totals;
  if (summary.status === "budget") {
    return new RunError(
      `cost budget reached: spent ${fmtUsd(spentUsd)}; ${remaining} trial${remaining === 1 ? "" : "s"} not run`,
      `raise --max-cost and continue with: ${resume} --max-cost <usd>`,
      "budget",
    );
  }
  return new RunError(
    `interrupted: ${trials} of ${planned} trials done; results and summary are saved`,
    `continue with: ${resume}`,
    "interrupted",
  );
}
