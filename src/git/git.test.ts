import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { headState } from "./git.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function repo(): string {
  dir = mkdtempSync(join(tmpdir(), "llmops-git-"));
  const g = (...args: string[]) => execFileSync("git", args, { cwd: dir!, stdio: "pipe" });
  g("init", "-q");
  g("config", "user.email", "t@example.com");
  g("config", "user.name", "T");
  return dir;
}

const commitAll = (cwd: string) => {
  execFileSync("git", ["add", "-A"], { cwd });
  execFileSync("git", ["commit", "-qm", "c"], { cwd });
  return execFileSync("git", ["rev-parse", "HEAD"], { cwd, encoding: "utf8" }).trim();
};

describe("headState", () => {
  it("names the commit and sees changed tracked files, not untracked ones", async () => {
    const cwd = repo();
    expect(await headState(cwd)).toEqual({ commit: undefined, dirty: false });
    writeFileSync(join(cwd, "a.txt"), "one\n");
    const commit = commitAll(cwd);
    expect(await headState(cwd)).toEqual({ commit, dirty: false });
    writeFileSync(join(cwd, "new.txt"), "untracked\n");
    expect(await headState(cwd)).toEqual({ commit, dirty: false });
    writeFileSync(join(cwd, "a.txt"), "two\n");
    expect(await headState(cwd)).toEqual({ commit, dirty: true });
    execFileSync("git", ["add", "a.txt"], { cwd });
    expect(await headState(cwd)).toEqual({ commit, dirty: true });
  });

  it("outside a repository: no commit, not dirty", async () => {
    dir = mkdtempSync(join(tmpdir(), "llmops-nogit-"));
    expect(await headState(dir)).toEqual({ commit: undefined, dirty: false });
  });
});
