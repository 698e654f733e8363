import type { z } from "zod";
import { headState, userName } from "../git/git.js";
import { VERSION } from "../version.js";
import type { runMetaSchema, runOptionsSchema } from "./schema.js";

/** Who ran a run, where and on what: the audit header of every run folder (run.json). */
export type RunMeta = z.infer<typeof runMetaSchema>;

/** The options the run was started with; --resume reuses them. */
export type RunOptionsRecord = z.infer<typeof runOptionsSchema>;

export async function collectMeta(
  root: string,
  env: NodeJS.ProcessEnv,
  id: string,
  now: Date,
  configDigest: string,
  options: RunOptionsRecord,
): Promise<RunMeta> {
  const [{ commit, dirty }, user] = await Promise.all([
    headState(root),
    // On GitHub Actions the actor names who ran it; no process for git's user.
    env.GITHUB_ACTOR ? undefined : userName(root),
  ]);
  return {
    schemaVersion: 1,
    id,
    startedAt: now.toISOString(),
    llmopsVersion: VERSION,
    git: { commit: commit ?? null, dirty, user: env.GITHUB_ACTOR ?? user ?? null },
    ci: ciInfo(env),
    configDigest,
    options,
  };
}

function ciInfo(env: NodeJS.ProcessEnv): RunMeta["ci"] {
  if (env.GITHUB_ACTIONS === "true") {
    const url =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : null;
    return { provider: "github-actions", url };
  }
  if (env.GITLAB_CI) return { provider: "gitlab", url: env.CI_JOB_URL ?? null };
  if (env.CI) return { provider: "ci", url: env.BUILD_URL ?? null };
  return null;
}
