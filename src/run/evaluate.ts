import { join } from "node:path";
import { type BaselineSource, checkRef } from "../compare/baseline.js";
import { changedFiles, selectChanged } from "../compare/changed.js";
import type { Comparison } from "../compare/compare.js";
import { compareRunDir, isPartial, updateBaselines } from "../compare/gate-run.js";
import { loadConfig } from "../config/load-config.js";
import { loadProject } from "../config/load-project.js";
import { ConfigError, ExitCode, UsageError } from "../errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { type EvalOptions, type EvalResult, runEval } from "./eval.js";

export interface EvaluateOptions extends EvalOptions {
  baselineRef?: string | undefined;
  updateBaseline?: boolean | undefined;
  /** Update baselines even from a run with errors, or a partial run. */
  force?: boolean | undefined;
  /** INCONCLUSIVE fails the gate too. */
  strict?: boolean | undefined;
  changedSince?: string | undefined;
}

export interface Evaluation {
  run: EvalResult | undefined;
  comparison: Comparison | undefined;
  baselinesWritten: string[];
  /** Suites --changed-since left out, with the reason. */
  skipped: { suite: string; reason: string }[];
  /** Why --update-baseline wrote nothing, when it did not. */
  baselineRefused: string | undefined;
  exitCode: number;
}

export const COMPARISON = "comparison.json";

/** `llmops eval`: run, compare with the baselines, gate, and update the baselines if asked. */
export async function evaluate(o: EvaluateOptions): Promise<Evaluation> {
  let targets = o.targets;
  let skipped: Evaluation["skipped"] = [];
  if (o.changedSince) {
    const { project, problems } = await loadProject({ cwd: o.cwd, targets: o.targets });
    if (!project) throw new ConfigError(problems);
    const sel = selectChanged(project, await changedFiles(project, o.changedSince));
    skipped = sel.skipped;
    if (sel.run.length === 0) return { run: undefined, comparison: undefined, baselinesWritten: [], skipped, baselineRefused: undefined, exitCode: ExitCode.ok };
    targets = sel.run.map((s) => join(project.config.root, s.file));
  }
  if (o.updateBaseline && o.baselineRef) throw new UsageError("--update-baseline writes the working tree's baselines; it cannot be combined with --baseline-ref");
  if (o.baselineRef) {
    const { config, problems } = await loadConfig(o.cwd);
    if (!config) throw new ConfigError(problems);
    await checkRef(config, o.baselineRef);
  }

  const run = await runEval({ ...o, targets });
  const { project, summary, runDir } = run;
  // An incomplete run is reported as such (exit 3), never judged against a baseline.
  if (summary.status !== "complete") return { run, comparison: undefined, baselinesWritten: [], skipped, baselineRefused: undefined, exitCode: ExitCode.runFailed };
  const source: BaselineSource = o.baselineRef ? { kind: "git", ref: o.baselineRef } : { kind: "working-tree" };
  const { comparison, records } = await compareRunDir(project, runDir, summary, source);
  await writeFileAtomic(join(runDir, COMPARISON), `${JSON.stringify(comparison, null, 2)}\n`);

  let baselinesWritten: string[] = [];
  let baselineRefused: string | undefined;
  if (o.updateBaseline) {
    const errors = summary.suites.reduce((n, s) => n + Object.values(s.errors).reduce((a, b) => a + (b ?? 0), 0), 0);
    if (!o.force && (isPartial(summary) || errors > 0)) {
      baselineRefused = isPartial(summary)
        ? "the run was partial (filtered, sharded or interrupted): a baseline must cover every case"
        : `the run had ${errors} failed call${errors === 1 ? "" : "s"}: their cases would enter the baseline as errors`;
    } else baselinesWritten = await updateBaselines(project, records);
  }
  const failed = comparison.verdict === "fail" || (o.strict && comparison.verdict === "inconclusive");
  return { run, comparison, baselinesWritten, skipped, baselineRefused, exitCode: failed ? ExitCode.gateFailed : ExitCode.ok };
}
