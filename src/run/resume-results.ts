import { readFile } from "node:fs/promises";
import { RunError } from "../errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { type TrialResult, trialId } from "./types.js";

/**
 * Make an interrupted run's results.jsonl ready to append to, and say which trials are done.
 * A line torn by a kill is cut; a trial whose call failed is dropped, so --resume runs it again
 * (an outage that stopped the run must not stay in it); every other trial is kept and not repeated.
 */
export async function resumeResults(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new RunError(`nothing to resume: ${path} does not exist`);
  }
  const whole = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  const kept: string[] = [];
  const done = new Set<string>();
  for (const line of whole.split("\n")) {
    const r = parseLine(line);
    if (!r || r.error) continue;
    kept.push(line);
    done.add(trialId(r));
  }
  const next = kept.map((l) => `${l}\n`).join("");
  if (next !== text) await writeFileAtomic(path, next);
  return done;
}

function parseLine(line: string): TrialResult | undefined {
  try {
    return line.trim() ? (JSON.parse(line) as TrialResult) : undefined;
  } catch {
    return undefined;
  }
}
