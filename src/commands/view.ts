import { join, resolve } from "node:path";
import { readResults } from "../run/run-dir.js";
import { writeFileAtomic } from "../util/fs.js";
import { buildViewData } from "../view/data.js";
import { renderViewPage } from "../view/page.js";
import { loadRunReport } from "./report.js";

export const VIEW_FILE = "view.html";

/** Write the view page of a run folder (default: the latest run); returns the file written. */
export async function writeViewPage(
  cwd: string,
  opts: { runDir?: string; out?: string },
): Promise<{ file: string; bytes: number; cases: number }> {
  const { input, runDir } = await loadRunReport(cwd, opts.runDir);
  const data = await buildViewData(input, readResults(runDir));
  const html = renderViewPage(data);
  const file = opts.out ? resolve(cwd, opts.out) : join(runDir, VIEW_FILE);
  await writeFileAtomic(file, html);
  return { file, bytes: Buffer.byteLength(html), cases: data.cases.length };
}
