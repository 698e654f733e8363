/** Exit codes of the CLI: the contract CI scripts rely on. */
export const ExitCode = {
  ok: 0,
  /** A gate failed: regression, threshold, quality budget. */
  gateFailed: 1,
  /** Bad usage, configuration or input; nothing was run. */
  badInput: 2,
  /** The run could not complete: provider failing, replay miss, cost budget. */
  runFailed: 3,
  /** --max-cost: the estimate's lower bound is over the budget; nothing was called. */
  overBudget: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem found in a user's file, located as precisely as the input allows. */
export interface Problem {
  /** Path relative to the project root (or as given). */
  file: string;
  line?: number;
  col?: number;
  message: string;
  hint?: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${where}: ${p.message}${p.hint ? `\n  hint: ${p.hint}` : ""}`;
}

/** The base of every error llmops expects: a message for people, a hint, an exit code. */
export class LlmopsError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, opts: { code: string; exitCode: ExitCode; hint?: string }) {
    super(message);
    this.name = new.target.name;
    this.code = opts.code;
    this.exitCode = opts.exitCode;
    this.hint = opts.hint;
  }
}

/** A bad flag or argument. */
export class UsageError extends LlmopsError {
  constructor(message: string, hint?: string) {
    super(message, { code: "usage", exitCode: ExitCode.badInput, ...(hint ? { hint } : {}) });
  }
}

/** One or more problems in the user's files; every problem is reported at once. */
export class ConfigError extends LlmopsError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const n = problems.length;
    super(n === 1 ? formatProblem(problems[0]!) : `${n} problems found`, {
      code: "config",
      exitCode: ExitCode.badInput,
    });
    this.problems = problems;
  }
}

/** The run could not complete (provider down, every call failing, budget reached). */
export class RunError extends LlmopsError {
  constructor(message: string, hint?: string, code = "run") {
    super(message, { code, exitCode: ExitCode.runFailed, ...(hint ? { hint } : {}) });
  }
}

/** A run refused before its first call: even its lowest estimated cost is over --max-cost. */
export class OverBudgetError extends LlmopsError {
  constructor(message: string, hint: string) {
    super(message, { code: "over_budget", exitCode: ExitCode.overBudget, hint });
  }
}

/** Replay mode met a request that has no recording. */
export class ReplayMissError extends RunError {
  constructor(message: string, hint: string) {
    super(message, hint, "replay_miss");
  }
}

/** A git command failed where git was required. */
export class GitError extends LlmopsError {
  constructor(message: string, hint?: string) {
    super(message, { code: "git", exitCode: ExitCode.badInput, ...(hint ? { hint } : {}) });
  }
}
