import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectInstalledRelease, npmInstallDev, run } from "./test-support/install.js";
import { REPO_ROOT } from "./test-support/project.js";
import { VERSION } from "./version.js";

// Issue 13: a user adds llmops to their own project with one documented command, from the
// release tarball (air-gapped) or from a release tag of the git repository, and neither builds
// from source nor installs the devDependencies. The tarball's path is walked, from
// `npm install -D ./llmops-<version>.tgz` to a gated eval, in src/cli/own-scorers-walk.e2e.test.ts;
// each install costs ~10 s of CPU, so it is not made twice.

const tmp = mkdtempSync(join(tmpdir(), "llmops-install-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("installing llmops into a project", () => {
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

    const dir = join(tmp, "from-git");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "from-git", "private": true }\n');
    npmInstallDev(dir, `git+file://${clone}#v${VERSION}`);
    expectInstalledRelease(dir);
    expect(run("npx", ["--no-install", "llmops", "init"], dir)).toContain("created llmops.yaml");
    expect(run("npx", ["--no-install", "llmops", "validate"], dir)).toContain(
      "ok 1 prompt, 1 suite, 3 cases",
    );
  }, 180_000);
});
