import { relative } from "node:path";
import { diffRuns } from "../../commands/diff.js";
import { colors, type Io } from "../io.js";
import { comparisonLines } from "../print-evaluation.js";

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
    strict: flags.strict,
  });
  if (flags.json) {
    io.stdout(`${JSON.stringify({ base: r.base, head: r.head, ...r.comparison }, null, 2)}\n`);
    return r.exitCode;
  }
  const c = colors(io);
  const rel = (p: string) => (p.startsWith("/") ? relative(io.cwd, p) || "." : p);
  io.stdout(c.dim(`${rel(r.head)} compared with ${rel(r.base)}\n`));
  io.stdout(comparisonLines(r.comparison, r.headline, io));
  return r.exitCode;
}
