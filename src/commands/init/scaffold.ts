import { existsSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { initFiles } from "./templates.js";

export interface ScaffoldResult {
  written: string[];
  skipped: string[];
  /** Patterns added to .gitignore (empty when it already had them all). */
  ignored: string[];
}

/**
 * What llmops writes that must never be committed: run folders and the cache (every request and
 * response), temporary files a killed run may leave, and the recordings lock.
 */
export const IGNORED = [".llmops/", "*.llmops-tmp", ".llmops-lock"];

/** Write the starter files into `dir`; a file that exists is never touched. */
export async function scaffoldProject(
  dir: string,
  files: Record<string, string> = initFiles,
): Promise<ScaffoldResult> {
  const result: ScaffoldResult = { written: [], skipped: [], ignored: [] };
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
  result.ignored = await ignoreGenerated(join(dir, ".gitignore"));
  return result;
}

/** Add the patterns of IGNORED that .gitignore lacks; every other line is left as it is. */
async function ignoreGenerated(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((p) => !have.has(p) && !have.has(p.replace(/\/$/, "")));
  if (missing.length === 0) return [];
  const lead = text.length > 0 && !text.endsWith("\n") ? "\n" : "";
  await appendFile(
    path,
    `${lead}# llmops: run folders, cache and temporary files\n${missing.join("\n")}\n`,
  );
  return missing;
}
