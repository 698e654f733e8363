import { mergeShards } from "../../commands/merge.js";
import { parseFormats } from "../../report/write-reports.js";
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
  const ev = await mergeShards({
    cwd: io.cwd,
    dirs: flags.dirs,
    out: flags.out,
    now: io.now,
    baselineRef: flags.baselineRef,
    strict: flags.strict,
    reports: flags.report ? parseFormats(flags.report) : [],
  });
  if (ev.missingShards.length > 0) {
    io.stderr(
      `${colors(io).yellow("warning")} shard${ev.missingShards.length === 1 ? "" : "s"} ${ev.missingShards.join(", ")} not given: the merged run is partial\n`,
    );
  }
  return printEvaluation(ev, flags, io);
}
