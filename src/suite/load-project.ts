import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { INIT_HINT, inProject, loadConfig } from "../config/load-config.js";
import { parseYaml } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";
import { type LoadedPrompt, loadPrompt, toRel } from "../prompt/load-prompt.js";
import type { Prompt } from "../prompt/types.js";
import { discoverFiles, discoverPromptGlobs, isPromptFile, resolveTargets } from "./discover.js";
import { loadSuiteFile, suiteFromPrompt } from "./load-suite.js";
import type { Project, Suite } from "./types.js";

export interface LoadProjectOptions {
  cwd: string;
  /** Files, folders or globs; default every prompt and suite file of the project. */
  targets?: string[];
  /** Whether naming a prompt file also selects the suites that use it (default true). */
  withDependents?: boolean;
  /** A variable a prompt file's testData row lacks is an error, not a warning. */
  strict?: boolean;
}

/**
 * Load and validate the project: llmops.yaml, prompt files, suites and their datasets.
 * Returns every problem at once; a project is returned only when there are none.
 */
export async function loadProject(
  opts: LoadProjectOptions,
): Promise<{ project?: Project; problems: Problem[]; warnings: Problem[] }> {
  const { config, problems: configProblems } = await loadConfig(opts.cwd);
  if (!config) return { problems: configProblems, warnings: [] };
  const named = opts.targets !== undefined && opts.targets.length > 0;
  if (!named && !inProject(opts.cwd)) {
    const message =
      "no llmops project here (no llmops.yaml, no git work tree, no prompts/ or evals/)";
    return { problems: [{ file: ".", message, hint: INIT_HINT }], warnings: [] };
  }
  const found = await discoverFiles(config.root);
  const globbed = config.promptGlobs
    ? await discoverPromptGlobs(config.root, config.promptGlobs)
    : [];
  const all = [...new Set([...found, ...globbed])].sort();
  if (!named && all.length === 0 && !config.file) {
    const message = "no prompt (*.prompt.yml) or suite (*.eval.yml) files and no llmops.yaml here";
    return { problems: [{ file: ".", message, hint: INIT_HINT }], warnings: [] };
  }
  const warnings: Problem[] = [];
  let files = all;
  const problems: Problem[] = [];
  if (opts.targets && opts.targets.length > 0) {
    const t = resolveTargets(opts.targets, opts.cwd, all);
    problems.push(...t.problems);
    files = opts.withDependents === false ? t.files : withSuitesOfPrompts(t.files, all);
  }

  const cache = new Map<string, Promise<LoadedPrompt>>();
  const load = (abs: string) => {
    let p = cache.get(abs);
    if (!p) {
      p = loadPrompt(abs, config.root);
      cache.set(abs, p);
    }
    return p;
  };

  const prompts: Prompt[] = [];
  const suites: Suite[] = [];
  for (const abs of files) {
    if (isPromptFile(abs)) {
      const loaded = await load(abs);
      problems.push(...loaded.problems);
      warnings.push(...(loaded.warnings ?? []));
      if (!loaded.prompt || !loaded.source) continue;
      prompts.push(loaded.prompt);
      if (loaded.prompt.data.testData?.length) {
        const s = suiteFromPrompt(loaded.prompt, loaded.source, config, {
          warnings,
          ...(opts.strict ? { strict: true } : {}),
        });
        problems.push(...s.problems);
        if (s.suite) suites.push(s.suite);
      }
    } else {
      const s = await loadSuiteFile(abs, config, load);
      problems.push(...s.problems);
      if (s.suite) suites.push(s.suite);
    }
  }
  nameByPath(suites);
  problems.push(...duplicateNames(suites));
  const unique = dedupe(problems);
  return unique.length > 0
    ? { problems: unique, warnings: dedupe(warnings) }
    : { project: { config, prompts, suites }, problems: [], warnings: dedupe(warnings) };
}

/** Naming a prompt file also selects the suites that use it. */
function withSuitesOfPrompts(targets: string[], all: string[]): string[] {
  const prompts = new Set(targets.filter(isPromptFile));
  if (prompts.size === 0) return targets;
  const out = new Set(targets);
  for (const f of all) {
    if (isPromptFile(f) || out.has(f)) continue;
    try {
      // The same parser and limits as loading: an anchor used 120 times must not hide a suite.
      const raw = parseYaml(f, readFileSync(f, "utf8")).source?.value as {
        prompt?: unknown;
      } | null;
      if (raw && typeof raw.prompt === "string" && prompts.has(resolve(dirname(f), raw.prompt)))
        out.add(f);
    } catch {
      // An unreadable suite that was not named is not this command's concern.
    }
  }
  return [...out].sort();
}

/**
 * Prompt files of the same name in different folders (two `summarize.prompt.yml`) are both
 * valid, as in gh-models: their suites are then named by their path (`a/summarize`).
 */
function nameByPath(suites: Suite[]): void {
  const count = new Map<string, number>();
  for (const s of suites) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  for (const s of suites)
    if (s.kind === "prompt" && (count.get(s.name) ?? 0) > 1)
      s.name = s.file.replace(/([._]prompt)?\.ya?ml$/i, "");
}

function duplicateNames(suites: Suite[]): Problem[] {
  const byName = new Map<string, Suite>();
  const problems: Problem[] = [];
  for (const s of suites) {
    const prev = byName.get(s.name);
    if (prev) {
      problems.push({
        file: s.file,
        line: 1,
        col: 1,
        message: `suite name "${s.name}" is also used by ${prev.file}`,
        hint: "suite names key the baselines; rename a file or set name: in the suite",
      });
    } else byName.set(s.name, s);
  }
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}:${p.line}:${p.col}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { toRel };
