import { basename } from "node:path";
import { ConfigError, UsageError } from "../errors.js";
import { type CommitInfo, fileHistory, isGitRepo, lastCommit, showFile } from "../git/git.js";
import { loadPromptText, validatePromptText } from "../prompt/load-prompt.js";
import type { Prompt } from "../prompt/types.js";
import { loadProject } from "../suite/load-project.js";
import { findPrompt } from "../suite/lookup.js";
import type { Project } from "../suite/types.js";

export interface PromptListing {
  name: string;
  version: string;
  file: string;
  /** Empty when the file names no model. */
  model: string;
  lastCommit: CommitInfo | undefined;
}

/** Every prompt with its version and the last commit that changed its file. */
export async function listPrompts(cwd: string): Promise<PromptListing[]> {
  const project = await loadValidProject(cwd);
  const root = project.config.root;
  const git = await isGitRepo(root);
  return Promise.all(
    project.prompts.map(async (p) => ({
      name: p.name,
      version: p.version,
      file: p.file,
      model: p.model ?? "",
      lastCommit: git ? await lastCommit(root, p.file) : undefined,
    })),
  );
}

export interface PromptLogEntry extends CommitInfo {
  path: string;
  /** The prompt's version at this commit; undefined when the file was not valid there. */
  version: string | undefined;
  /** Same version as the commit before: only formatting, comments or test data changed. */
  sameVersion: boolean;
}

/** The git history of a prompt, newest first, with the version at each commit. */
export async function promptLog(
  cwd: string,
  ref: string,
): Promise<{ prompt: Prompt; entries: PromptLogEntry[] }> {
  const project = await loadValidProject(cwd);
  const prompt = findPrompt(project, cwd, ref);
  const root = project.config.root;
  if (!(await isGitRepo(root)))
    throw new UsageError("not a git repository", "prompts log reads the file's git history");
  const history = await fileHistory(root, prompt.file);
  const versions = await Promise.all(
    history.map(async (h) => {
      const text = await showFile(root, h.commit, h.path);
      return text === undefined ? undefined : versionOfText(text, h.path);
    }),
  );
  const entries = history.map((h, i) => ({
    ...h,
    version: versions[i],
    sameVersion:
      i + 1 < history.length && versions[i] !== undefined && versions[i] === versions[i + 1],
  }));
  return { prompt, entries };
}

function versionOfText(text: string, file: string): string | undefined {
  const v = validatePromptText(text, basename(file));
  return v.data ? loadPromptText(v.data, file).version : undefined;
}

async function loadValidProject(cwd: string): Promise<Project> {
  const { project, problems } = await loadProject({ cwd });
  if (!project) throw new ConfigError(problems);
  return project;
}
