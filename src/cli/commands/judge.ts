import { judgeCheck } from "../../commands/judge-check.js";
import { fmtPct } from "../../report/terminal.js";
import { clip } from "../../scorer/values.js";
import { colors, type Io, safeStdout } from "../io.js";
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
  let check: Awaited<ReturnType<typeof judgeCheck>>;
  try {
    check = await judgeCheck({
      cwd: io.cwd,
      env: io.env,
      now: io.now,
      targets: flags.paths,
      mode: flags.replay ? "replay" : flags.record ? "record" : "auto",
      cache: flags.cache,
      minKappa: flags.minKappa,
      onEvent: progress.onEvent,
    });
  } finally {
    progress.end();
  }
  const { rows, below } = check;
  // Judges' reasoning and case ids are model and user text.
  const out = safeStdout(io);
  if (flags.json)
    out(
      `${JSON.stringify({ runDir: check.runDir, minKappa: flags.minKappa ?? null, scorers: rows }, null, 2)}\n`,
    );
  else if (!flags.quiet) {
    out(
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
    for (const r of rows) {
      if (r.note) out(`${r.suite}/${r.scorer}: ${c.yellow("note")}: ${r.note}\n`);
      if (r.disagreements.length === 0) continue;
      out(
        `\n${r.suite}/${r.scorer}: the judge and the human disagree on ${r.disagreements.length}:\n`,
      );
      for (const d of r.disagreements)
        out(
          `  ${d.case}${d.trial > 0 ? ` (trial ${d.trial})` : ""}: judge ${d.judge === "pass" ? "passed" : "failed"} (${d.value.toFixed(2)}), human ${typeof d.human === "number" ? d.human : d.human === "pass" ? "passed" : "failed"}: ${clip(d.reasoning, 160)}\n`,
        );
    }
    out(
      c.dim(
        "false pass: the judge passed what a human failed; false fail: the reverse. Kappa corrects agreement for chance.\n",
      ),
    );
  }
  if (below.length > 0) {
    io.stderr(
      `${c.red("judge check failed")}: kappa below ${flags.minKappa} for ${below.map((r) => `${r.suite}/${r.scorer} (${r.kappa.toFixed(2)})`).join(", ")}\n`,
    );
  }
  return check.exitCode;
}
