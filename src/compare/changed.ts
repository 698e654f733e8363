import { join } from "node:path";
import { GitError } from "../errors.js";
import { changedSince, refExists } from "../git/git.js";
import { modelSlug } from "../provider/fixtures.js";
import type { Project, Suite } from "../suite/types.js";
import { baselinePath } from "./baseline.js";

export interface ChangedSelection {
  run: Suite[];
  skipped: { suite: string; reason: string }[];
  /** Why each selected suite runs. */
  reasons: Map<string, string>;
}

/** The files a suite's results depend on, relative to the project root. */
export function suiteInputs(project: Project, suite: Suite): string[] {
  const { config } = project;
  return [
    suite.file,
    suite.prompt.file,
    ...suite.datasets,
    baselinePath(config, suite.name),
    join(config.paths.fixtures, suite.name, "/"),
    ...(config.file ? [config.file] : []),
    ...suite.models.map((m) => join(config.paths.fixtures, suite.name, `${modelSlug(m)}.yml`)),
  ];
}

/** Select the suites affected by files changed since `ref` (pure, given the changed files). */
export function selectChanged(project: Project, changed: string[]): ChangedSelection {
  const set = new Set(changed);
  const sel: ChangedSelection = { run: [], skipped: [], reasons: new Map() };
  for (const s of project.suites) {
    const hit = suiteInputs(project, s).find((f) =>
      f.endsWith("/") ? changed.some((c) => c.startsWith(f)) : set.has(f),
    );
    if (hit) {
      sel.run.push(s);
      sel.reasons.set(s.name, `${hit} changed`);
    } else
      sel.skipped.push({
        suite: s.name,
        reason: "none of its suite, prompt, datasets, recordings, baseline or llmops.yaml changed",
      });
  }
  return sel;
}

/** Files changed since `ref`, relative to the project root. */
export async function changedFiles(project: Project, ref: string): Promise<string[]> {
  const root = project.config.root;
  if (!(await refExists(root, ref)))
    throw new GitError(
      `--changed-since ${ref}: no such commit or branch`,
      "fetch it first, e.g. git fetch origin main",
    );
  const files = await changedSince(root, ref);
  if (!files) throw new GitError("--changed-since needs a git repository");
  return files;
}
