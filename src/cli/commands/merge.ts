import { ExitCode } from "../../errors.js";
import { parseFormats } from "../../report/write-reports.js";
import { checkGateOptions, finalizeRun } from "../../run/evaluate.js";
import { mergeRuns } from "../../run/merge.js";
import { colors, type Io } from "../io.js";
import { printEvaluation } from "../print-evaluation.js";

export interface MergeFlags {
  dirs: string[];
  out: string;
  baselineRef?: string;
  strict?: boolean;
  report?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function mergeCommand(flags: MergeFlags, io: Io): Promise<number> {
  await checkGateOptions({ cwd: io.cwd, baselineRef: flags.baselineRef });
  const m = await mergeRuns({ cwd: io.cwd, dirs: flags.dirs, out: flags.out, now: io.now });
  if (m.missingShards.length > 0) {
    io.stderr(
      `${colors(io).yellow("warning")} shard${m.missingShards.length === 1 ? "" : "s"} ${m.missingShards.join(", ")} not given: the merged run is partial\n`,
    );
  }
  const outcome = {
    status: m.summary.status,
    spent: m.summary.totals.spentUsd,
    finished: m.summary.totals.trials,
    remaining: m.summary.totals.remaining,
  };
  const run = { project: m.project, runDir: m.runDir, summary: m.summary, outcome, tasks: [] };
  if (m.summary.status !== "complete") {
    await printEvaluation({ run, skipped: [], exitCode: ExitCode.runFailed }, flags, io);
    return ExitCode.runFailed;
  }
  const fin = await finalizeRun(m.project, m.runDir, m.summary, {
    baselineRef: flags.baselineRef,
    strict: flags.strict,
    reports: flags.report ? parseFormats(flags.report) : [],
  });
  await printEvaluation({ run, skipped: [], ...fin }, flags, io);
  return fin.exitCode;
}
