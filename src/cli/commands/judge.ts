import { judgeScorerTypes, type ScorerType } from "../../config/schema/scorers.js";
import { ExitCode } from "../../errors.js";
import { judgeAgreement } from "../../judge/check.js";
import { fmtPct } from "../../report/terminal.js";
import { runEval } from "../../run/eval.js";
import { readResults } from "../../run/run-dir.js";
import type { TrialResult } from "../../run/types.js";
import { colors, type Io } from "../io.js";
import { progressRenderer } from "../progress.js";
import { table } from "../table.js";

export interface JudgeCheckFlags {
  paths: string[];
  minKappa?: number;
  replay?: boolean;
  record?: boolean;
  cache: boolean;
  json?: boolean;
  quiet?: boolean;
}

export async function judgeCheckCommand(flags: JudgeCheckFlags, io: Io): Promise<number> {
  const c = colors(io);
  const progress = progressRenderer(io, c, Boolean(flags.quiet || flags.json));
  const never = new AbortController().signal;
  let run: Awaited<ReturnType<typeof runEval>>;
  try {
    run = await runEval({
      cwd: io.cwd,
      env: io.env,
      now: io.now,
      targets: flags.paths,
      filter: [],
      models: [],
      mode: flags.replay ? "replay" : flags.record ? "record" : "auto",
      cache: flags.cache,
      prune: false,
      judgeOnly: true,
      stop: never,
      cancel: never,
      onEvent: progress.onEvent,
    });
  } finally {
    progress.end();
  }
  const results: TrialResult[] = [];
  for await (const r of readResults(run.runDir)) results.push(r);
  const rows = judgeAgreement(run.project.suites, results, (t) =>
    judgeScorerTypes.has(t as ScorerType),
  );
  const below = flags.minKappa === undefined ? [] : rows.filter((r) => r.kappa < flags.minKappa!);
  if (flags.json)
    io.stdout(
      `${JSON.stringify({ runDir: run.runDir, minKappa: flags.minKappa ?? null, scorers: rows }, null, 2)}\n`,
    );
  else if (!flags.quiet) {
    io.stdout(
      table(
        [
          "suite",
          "judge scorer",
          "n",
          "agreement [95% CI]",
          "kappa",
          "false passes",
          "false fails",
          "spearman",
          "judge errors",
        ],
        rows.map((r) => [
          r.suite,
          r.scorer,
          r.n,
          `${fmtPct(r.accuracy)} [${fmtPct(r.low)}, ${fmtPct(r.high)}]`,
          below.includes(r) ? c.red(r.kappa.toFixed(2)) : r.kappa.toFixed(2),
          r.confusion.falsePass,
          r.confusion.falseFail,
          r.spearman === null ? "-" : `${r.spearman.toFixed(2)} (n=${r.graded})`,
          r.judgeErrors,
        ]),
        io,
      ),
    );
    io.stdout(
      c.dim(
        "false pass: the judge passed what a human failed; false fail: the reverse. Kappa corrects agreement for chance.\n",
      ),
    );
  }
  if (below.length > 0) {
    io.stderr(
      `${c.red("judge check failed")}: kappa below ${flags.minKappa} for ${below.map((r) => `${r.suite}/${r.scorer} (${r.kappa.toFixed(2)})`).join(", ")}\n`,
    );
    return ExitCode.gateFailed;
  }
  return ExitCode.ok;
}
