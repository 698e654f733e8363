import { basename, resolve } from "node:path";
import type { Case } from "../dataset/types.js";
import { UsageError } from "../errors.js";
import type { Prompt } from "../prompt/types.js";
import { didYouMeanHint } from "../util/did-you-mean.js";
import { PROMPT_SUFFIX, SUITE_SUFFIX } from "./load-suite.js";
import type { Project, Suite } from "./types.js";

/**
 * The one rule by which every command finds a prompt, a suite or a case from what a user typed:
 * a path relative to the current folder, a path relative to the project root, or a name (a
 * file's name without .prompt.yml / .eval.yml, or the suite's `name:`).
 */

/** The name a file is known by: its base name without the prompt or suite suffix. */
export function stemOf(file: string): string {
  return basename(file).replace(SUITE_SUFFIX, "").replace(PROMPT_SUFFIX, "");
}

/** Whether `ref` names the project file `file` (project-relative) by any of the accepted forms. */
function namesFile(root: string, cwd: string, ref: string, file: string): boolean {
  const abs = resolve(root, file);
  return resolve(cwd, ref) === abs || resolve(root, ref) === abs;
}

export function findPrompt(project: Project, cwd: string, ref: string): Prompt {
  return findNamed(project, cwd, ref, project.prompts, {
    kind: "prompt",
    hint: "give a .prompt.yml path or a prompt name (see llmops prompts)",
  });
}

export function findSuite(project: Project, cwd: string, ref: string): Suite {
  return findNamed(project, cwd, ref, project.suites, {
    kind: "suite",
    hint: "give an .eval.yml path or a suite name (see llmops validate)",
  });
}

/** A project file by path (from the current folder or the root) first, then by name or stem. */
function findNamed<T extends { file: string; name: string }>(
  project: Project,
  cwd: string,
  ref: string,
  items: readonly T[],
  say: { kind: string; hint: string },
): T {
  const root = project.config.root;
  const found =
    items.find((x) => namesFile(root, cwd, ref, x.file)) ??
    items.find((x) => x.name === ref || stemOf(x.file) === ref);
  if (found) return found;
  throw new UsageError(
    `no ${say.kind} "${ref}"`,
    didYouMeanHint(
      ref,
      items.map((x) => x.name),
    ) ?? say.hint,
  );
}

/** `suite#case-id`, the suite as a name or a path. */
export function findCase(project: Project, cwd: string, ref: string): { suite: Suite; case: Case } {
  const at = ref.lastIndexOf("#");
  const suiteRef = at > 0 ? ref.slice(0, at) : "";
  const id = at > 0 ? ref.slice(at + 1) : "";
  if (!suiteRef || !id)
    throw new UsageError(`--case "${ref}": expected suite#case-id`, "e.g. --case support#refund");
  const suite = findSuite(project, cwd, suiteRef);
  const c = suite.cases.find((x) => x.id === id);
  if (!c) {
    throw new UsageError(
      `--case: suite ${suite.name} has no case "${id}"`,
      didYouMeanHint(
        id,
        suite.cases.map((x) => x.id),
      ),
    );
  }
  return { suite, case: c };
}
