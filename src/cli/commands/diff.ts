import { relative } from "node:path";
import { diffRuns } from "../../compare/diff.js";
import { ExitCode } from "../../errors.js";
import { COMPARISON_HEAD, comparisonRows } from "../../report/terminal.js";
import { DECISION_RULE, suiteLabel, suiteReason, verdictLine } from "../../report/verdict.js";
import { colors, type Io } from "../io.js";
import { table } from "../table.js";

export interface DiffFlags {
  base?: string;
  head?: string;
  baselineRef?: string;
  strict?: boolean;
  json?: boolean;
}

export async function diffCommand(flags: DiffFlags, io: Io): Promise<number> {
  // One folder given: it is the run to judge, against the baselines.
  const oneRun = flags.base !== undefined && flags.head === undefined;
  const r = await diffRuns({
    cwd: io.cwd,
    base: oneRun ? undefined : flags.base,
    head: oneRun ? flags.base : flags.head,
    baselineRef: flags.baselineRef,
  });
  const failed =
    r.comparison.verdict === "fail" || (flags.strict && r.comparison.verdict === "inconclusive");
  if (flags.json) {
    io.stdout(`${JSON.stringify({ base: r.base, head: r.head, ...r.comparison }, null, 2)}\n`);
    return failed ? ExitCode.gateFailed : ExitCode.ok;
  }
  const c = colors(io);
  const rel = (p: string) => (p.startsWith("/") ? relative(io.cwd, p) || "." : p);
  io.stdout(c.dim(`${rel(r.head)} compared with ${rel(r.base)}\n`));
  io.stdout(table(COMPARISON_HEAD, comparisonRows(r.comparison, c), io));
  for (const s of r.comparison.suites) {
    if (s.verdict !== "pass") io.stdout(`  ${suiteLabel(s)}: ${suiteReason(s)}\n`);
    for (const d of s.drift) io.stdout(c.yellow(`  drift in ${suiteLabel(s)}: ${d}\n`));
  }
  io.stdout(`\n${verdictLine(r.comparison)}\n${c.dim(`rule: ${DECISION_RULE}`)}\n`);
  return failed ? ExitCode.gateFailed : ExitCode.ok;
}
