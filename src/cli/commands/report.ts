import { resolve } from "node:path";
import { loadRunReport } from "../../commands/report.js";
import { UsageError } from "../../errors.js";
import { parseFormats, renderReport } from "../../report/write-reports.js";
import { writeFileAtomic } from "../../util/fs.js";
import type { Io } from "../io.js";

export interface ReportFlags {
  runDir?: string;
  format: string;
  out?: string;
  baselineRef?: string;
}

export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  if (formats.length !== 1)
    throw new UsageError("--format takes one format", "markdown, junit or json");
  const { input } = await loadRunReport(io.cwd, flags.runDir, flags.baselineRef);
  const text = renderReport(formats[0]!, input);
  if (flags.out) await writeFileAtomic(resolve(io.cwd, flags.out), text);
  else io.stdout(text.endsWith("\n") ? text : `${text}\n`);
  return 0;
}
