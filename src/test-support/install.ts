import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./project.js";

/** The environment of a user's shell: none of the npm_* settings of the `npm test` around us. */
export const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== "NODE_OPTIONS"),
);

/**
 * Dependencies come from the npm cache that `npm ci` filled; the registry is asked only for what
 * the cache lacks.
 */
const QUIET = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

export function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    env: userEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The release tarball of this checkout's build, as docs/release.md makes it; returns its path. */
export function packRelease(outDir: string): string {
  return run("node", [join(REPO_ROOT, "scripts/release.mjs"), "pack", outDir], REPO_ROOT).trim();
}

/** `npm install -D <spec>` in a user's project. */
export function npmInstallDev(dir: string, spec: string): void {
  run("npm", ["install", "-D", spec, ...QUIET], dir);
}
