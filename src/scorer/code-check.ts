import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Location } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";
import type { Suite } from "../suite/types.js";
import { execArgv, findProgram, loadScriptScorer } from "./code.js";

/** Where a value is first written in a file (1-based), else the file's first line. */
function placeOf(text: string, value: string): Location {
  const at = text.indexOf(value);
  if (at < 0) return { line: 1, col: 1 };
  const before = text.slice(0, at).split("\n");
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/**
 * Your own scorers must be runnable before any call is paid for: a `script` module that exists
 * and exports a function (it is imported here, once), an `exec` command whose program exists.
 */
export async function checkCodeScorers(suites: readonly Suite[], root: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const texts = new Map<string, Promise<string>>();
  const text = (file: string) => {
    let t = texts.get(file);
    if (!t) {
      t = readFile(resolve(root, file), "utf8").catch(() => "");
      texts.set(file, t);
    }
    return t;
  };
  const seen = new Set<string>();
  for (const suite of suites) {
    const dir = dirname(resolve(root, suite.file));
    const scorers = [...suite.scorers, ...suite.cases.flatMap((c) => c.scorers)];
    for (const s of scorers) {
      if (s.type !== "script" && s.type !== "exec") continue;
      const key = `${suite.file}\0${JSON.stringify(s)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (s.type === "script") {
        try {
          await loadScriptScorer(resolve(dir, s.module), s.export);
        } catch (err) {
          problems.push({
            file: suite.file,
            ...placeOf(await text(suite.file), s.module),
            message: `script scorer: ${(err as Error).message.replace(resolve(dir, s.module), s.module)}`,
            hint: "module: is relative to the suite file; export a function (output, context) => number | boolean | {score, pass, reason}",
          });
        }
      } else {
        const program = execArgv(s.command)[0]!;
        if (!findProgram(program, dir))
          problems.push({
            file: suite.file,
            ...placeOf(await text(suite.file), program),
            message: `exec scorer: command not found: ${program}`,
            hint: program.includes("/")
              ? "a path in command: is relative to the suite file's folder"
              : "install it, or give its path; the command runs without a shell",
          });
      }
    }
  }
  return problems;
}
