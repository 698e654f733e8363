import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Problem } from "../errors.js";
import { compileUserPattern, type UserPattern } from "../util/user-regex.js";
import { PROMPT_SUFFIX, SUITE_SUFFIX } from "./load-suite.js";
import { stemOf } from "./lookup.js";

/** YAML files that are never prompt files, even when named: config and monitor files. */
const NOT_PROMPTS = /(^|\/)llmops\.ya?ml$|\.monitor\.ya?ml$/;

/** A YAML file that is not a suite is read as a prompt file (when named or matched). */
export function isPromptFile(abs: string): boolean {
  return !SUITE_SUFFIX.test(abs);
}

/** The project's files matching the configured prompt globs (paths.prompts), sorted. */
export async function discoverPromptGlobs(root: string, globs: string[]): Promise<string[]> {
  const res = globs.map((g) => globToRegExp(`${root}/${g}`.split("\\").join("/")));
  const yaml = await discoverFiles(root, (n) => /\.ya?ml$/i.test(n));
  return yaml.filter((f) => !NOT_PROMPTS.test(f) && res.some((re) => re.test(f)));
}

const SKIP_DIRS = new Set(["node_modules", "dist", "build", "coverage", "fixtures", "baselines"]);

/**
 * Every prompt and suite file below `root` (or every file whose name `wanted` accepts), sorted;
 * hidden folders other than .github are skipped.
 */
export async function discoverFiles(
  root: string,
  wanted: (name: string) => boolean = (n) => SUITE_SUFFIX.test(n) || PROMPT_SUFFIX.test(n),
): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || (e.name.startsWith(".") && e.name !== ".github")) continue;
        await walk(join(dir, e.name));
      } else if (e.isFile() && wanted(e.name)) {
        out.push(join(dir, e.name));
      }
    }
  }
  await walk(root);
  return out.sort();
}

/**
 * A shell-style glob (*, **, ?) as a matcher over /-separated paths; linear-time, so a --filter
 * of many stars cannot backtrack for minutes.
 */
export function globToRegExp(glob: string): UserPattern {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += glob[i + 2] === "/" ? 2 : 1;
      } else re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return compileUserPattern(`^${re}$`);
}

/**
 * The files the user named: files as they are, folders searched, anything else a glob over the
 * project's files (relative to the working directory). A target that matches nothing is a problem.
 */
export function resolveTargets(
  targets: string[],
  cwd: string,
  all: string[],
): { files: string[]; problems: Problem[] } {
  const files = new Set<string>();
  const problems: Problem[] = [];
  for (const t of targets) {
    const abs = resolve(cwd, t);
    if (existsSync(abs)) {
      if (statSync(abs).isDirectory()) {
        const inside = all.filter((f) => f.startsWith(`${abs}/`));
        if (inside.length === 0)
          problems.push({ file: t, message: "no prompt or suite files in this folder" });
        for (const f of inside) files.add(f);
      } else if (/\.ya?ml$/i.test(abs) && !NOT_PROMPTS.test(abs)) files.add(abs);
      else
        problems.push({
          file: t,
          message: "not a suite or prompt file",
          hint: "suites end in .eval.yml, prompts in .prompt.yml (any YAML file named here is read as a prompt file)",
        });
      continue;
    }
    const re = globToRegExp(resolve(cwd, t).split("\\").join("/"));
    const byPath = all.filter((f) => re.test(f));
    // A bare name (`support`) is the suite or prompt file of that name, as every command reads it.
    const matched =
      byPath.length > 0 || /[/\\*?[]/.test(t) ? byPath : all.filter((f) => stemOf(f) === t);
    if (matched.length === 0)
      problems.push({
        file: t,
        message: "file not found",
        hint: "give a suite or prompt name, a file, a folder, or a quoted glob",
      });
    for (const f of matched) files.add(f);
  }
  return { files: [...files].sort(), problems };
}
