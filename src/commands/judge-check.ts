import { judgeAgreement, type ScorerAgreement } from "../compare/judge-agreement.js";
import { judgeScorerTypes, type ScorerType } from "../config/schema/scorers.js";
import { ExitCode } from "../errors.js";
import type { CallMode } from "../provider/caller.js";
import type { EventSink } from "../run/events.js";
import { readResults } from "../run/run-dir.js";
import { runSuites } from "../run/run-suites.js";
import type { TrialResult } from "../run/types.js";

export interface JudgeCheckOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  targets: string[];
  mode: CallMode;
  cache: boolean;
  /** Fail when a judge's kappa against the human labels is below this. */
  minKappa: number | undefined;
  onEvent: EventSink;
}

export interface JudgeCheck {
  runDir: string;
  rows: ScorerAgreement[];
  /** The rows whose kappa is below --min-kappa. */
  below: ScorerAgreement[];
  exitCode: number;
}

const isJudge = (t: string) => judgeScorerTypes.has(t as ScorerType);

/** `llmops judge check`: run the judges on the labelled cases and measure their agreement. */
export async function judgeCheck(o: JudgeCheckOptions): Promise<JudgeCheck> {
  const never = new AbortController().signal;
  const run = await runSuites({
    cwd: o.cwd,
    env: o.env,
    now: o.now,
    targets: o.targets,
    filter: [],
    models: [],
    mode: o.mode,
    cache: o.cache,
    prune: false,
    judgeOnly: true,
    stop: never,
    cancel: never,
    onEvent: o.onEvent,
  });
  const results: TrialResult[] = [];
  for await (const r of readResults(run.runDir)) results.push(r);
  const rows = judgeAgreement(run.project.suites, results, isJudge);
  const min = o.minKappa;
  const below = min === undefined ? [] : rows.filter((r) => r.kappa < min);
  return {
    runDir: run.runDir,
    rows,
    below,
    exitCode: below.length > 0 ? ExitCode.gateFailed : ExitCode.ok,
  };
}
