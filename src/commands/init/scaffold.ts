import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { initFiles } from "./templates.js";

export interface ScaffoldResult {
  written: string[];
  skipped: string[];
}

/** Write the starter files into `dir`; a file that exists is never touched. */
export async function scaffoldProject(
  dir: string,
  files: Record<string, string> = initFiles,
): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { written: [], skipped: [] };
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    if (existsSync(abs)) {
      result.skipped.push(rel);
      continue;
    }
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content, { flag: "wx" });
    result.written.push(rel);
  }
  return result;
}
