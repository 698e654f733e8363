import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { VERSION } from "../version.js";
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

/** The scripts that make npm run `npm install` in a git dependency's clone (pacote lib/git.js). */
const PREPARE_SCRIPTS = ["build", "prepare", "prepack", "preinstall", "install", "postinstall"];

/**
 * The llmops installed in the project at `dir` is this checkout's release: its version, nothing to
 * build at install time (no compiler, no test runner, and none of the scripts that make npm
 * "prepare" a git dependency by installing every devDependency into a temporary clone first).
 */
export function expectInstalledRelease(dir: string): void {
  const installed = JSON.parse(
    readFileSync(join(dir, "node_modules/llmops/package.json"), "utf8"),
  ) as { version: string; scripts?: Record<string, string> };
  expect(installed.version).toBe(VERSION);
  for (const s of PREPARE_SCRIPTS) expect(installed.scripts?.[s], s).toBeUndefined();
  for (const dev of ["typescript", "vitest", "@biomejs/biome"])
    expect(existsSync(join(dir, "node_modules", dev)), dev).toBe(false);
}
