import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npmInstallDev, packRelease, run } from "./test-support/install.js";
import { REPO_ROOT } from "./test-support/project.js";
import { VERSION } from "./version.js";

// Issue 13: a user adds llmops to their own project with one documented command, from the
// release tarball (air-gapped) or from a release tag of the git repository, and neither builds
// from source nor installs the devDependencies.

/** The scripts that make npm run `npm install` in a git dependency's clone (pacote lib/git.js). */
const PREPARE_SCRIPTS = ["build", "prepare", "prepack", "preinstall", "install", "postinstall"];

const tmp = mkdtempSync(join(tmpdir(), "llmops-install-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh project that installs `spec`, then runs `npx llmops init && npx llmops validate`. */
function installAndUse(
  name: string,
  spec: string,
): { init: string; validate: string; dir: string } {
  const dir = join(tmp, name);
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "package.json"), `{ "name": "${name}", "private": true }\n`);
  npmInstallDev(dir, spec);
  const init = run("npx", ["--no-install", "llmops", "init"], dir);
  const validate = run("npx", ["--no-install", "llmops", "validate"], dir);
  return { init, validate, dir };
}

function expectUsable(r: { init: string; validate: string; dir: string }) {
  expect(r.init).toContain("created llmops.yaml");
  expect(r.validate).toContain("ok 1 prompt, 1 suite, 3 cases");
  const installed = JSON.parse(
    readFileSync(join(r.dir, "node_modules/llmops/package.json"), "utf8"),
  ) as { version: string; scripts?: Record<string, string> };
  expect(installed.version).toBe(VERSION);
  // Nothing to build at install time: no compiler, no test runner, and none of the scripts that
  // make npm "prepare" a git dependency (pacote's git.js: any of them and npm installs every
  // devDependency into a temporary clone first; `build` alone did, 20 s of a 27 s install).
  for (const s of PREPARE_SCRIPTS) expect(installed.scripts?.[s], s).toBeUndefined();
  for (const dev of ["typescript", "vitest", "@biomejs/biome"])
    expect(existsSync(join(r.dir, "node_modules", dev))).toBe(false);
}

describe("installing llmops into a project", () => {
  it("from the release tarball: npm install -D ./llmops-<version>.tgz", () => {
    const tgz = packRelease(tmp);
    expect(tgz).toBe(join(tmp, `llmops-${VERSION}.tgz`));
    expectUsable(installAndUse("from-tarball", tgz));
  }, 180_000);

  it("from a release tag of the git repository, prebuilt, without the devDependencies", () => {
    // A clone stands in for github:llmops-dev/llmops; its release tag is made as docs/release.md says.
    const clone = join(tmp, "clone");
    run("git", ["clone", "-q", REPO_ROOT, clone], tmp);
    // The clone holds the last commit; the scripts and dist under test are this checkout's.
    cpSync(join(REPO_ROOT, "scripts/release.mjs"), join(clone, "scripts/release.mjs"));
    cpSync(join(REPO_ROOT, "package.json"), join(clone, "package.json"));
    cpSync(join(REPO_ROOT, "dist"), join(clone, "dist"), { recursive: true });
    for (const [k, v] of [
      ["user.email", "release@example.com"],
      ["user.name", "Release"],
      ["commit.gpgsign", "false"],
      ["tag.gpgsign", "false"],
    ] as const)
      run("git", ["config", k, v], clone);
    run("git", ["commit", "-q", "-am", "as in the checkout under test", "--allow-empty"], clone);
    expect(run("node", ["scripts/release.mjs", "tag"], clone)).toContain(`tagged v${VERSION}`);
    expectUsable(installAndUse("from-git", `git+file://${clone}#v${VERSION}`));
  }, 180_000);
});
