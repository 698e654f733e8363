import type { Comparison } from "../compare/compare.js";
import type { ExitCode } from "../errors.js";
import type { RunSummary } from "../run/types.js";

/**
 * The run's decision, the very one that sets the exit code (`commands/decide.ts`): the headline of
 * every report is derived from it, so a report can never say PASSED while the run exits 3.
 */
export interface ReportDecision {
  exitCode: ExitCode;
  /** Why the run could not complete or produced no scores (exit 3); undefined otherwise. */
  failure: string | undefined;
}

/** What a case was given, for the "inputs" and "expected" of a report. */
export interface CaseInfo {
  vars: Record<string, unknown>;
  expected?: unknown;
  /** Where the case is written (project-relative file, 1-based line): annotations point here. */
  file: string;
  line: number;
}

/** The diff of a prompt file between the baseline ref and the working tree. */
export interface PromptDiff {
  file: string;
  /** The ref the diff is against, e.g. origin/main. */
  ref: string;
  /** Unified diff text (may be empty when unchanged). */
  diff: string;
}

/** Everything a report is rendered from: pure data, no I/O. */
export interface ReportInput {
  summary: RunSummary;
  /** Null when the run was not compared (it did not complete). */
  comparison: Comparison | null;
  /** What the run was decided to be, with the exit code. */
  decision: ReportDecision;
  /** suite -> case id -> inputs and location. */
  cases: Record<string, Record<string, CaseInfo>>;
  promptDiffs: PromptDiff[];
  /** The command that reproduces this run locally. */
  reproduce: string;
  /** What the run was compared with, for people: "the baselines at origin/main". */
  baseline?: string | undefined;
  /** Where the full report lives (run folder, or the CI artifact), named when a report is cut short. */
  fullReport: string;
}
