import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** Run git in `cwd`; resolves stdout, or undefined when git fails (not a repo, unknown ref). */
export async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await exec("git", args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, LC_ALL: "C" },
    });
    return stdout;
  } catch {
    return undefined;
  }
}

export async function isGitRepo(cwd: string): Promise<boolean> {
  return (await git(cwd, ["rev-parse", "--is-inside-work-tree"]))?.trim() === "true";
}

export interface CommitInfo {
  commit: string;
  date: string;
  author: string;
  subject: string;
}

const SEP = "\u001f";
const FORMAT = ["%H", "%aI", "%an", "%s"].join(SEP);

function parseCommit(line: string): CommitInfo {
  const [commit = "", date = "", author = "", subject = ""] = line.split(SEP);
  return { commit, date, author, subject };
}

/** The last commit that changed `file`, if git knows the file. */
export async function lastCommit(cwd: string, file: string): Promise<CommitInfo | undefined> {
  const out = await git(cwd, ["log", "-1", `--format=${FORMAT}`, "--", file]);
  const line = out?.trim();
  return line ? parseCommit(line) : undefined;
}

/** Commits that changed `file`, newest first, following renames, with the path at each. */
export async function fileHistory(
  cwd: string,
  file: string,
): Promise<(CommitInfo & { path: string })[]> {
  const out = await git(cwd, [
    "log",
    "--follow",
    "--name-only",
    `--format=${SEP}${FORMAT}`,
    "--",
    file,
  ]);
  if (!out) return [];
  const entries: (CommitInfo & { path: string })[] = [];
  for (const block of out.split(`\n${SEP}`).map((b) => b.replace(/^\u001f/, ""))) {
    const lines = block.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    const info = parseCommit(lines[0]!);
    entries.push({ ...info, path: lines[1] ?? file });
  }
  return entries;
}

/** A file's text at a ref, or undefined when it did not exist there. */
export async function showFile(
  cwd: string,
  ref: string,
  file: string,
): Promise<string | undefined> {
  return git(cwd, ["show", `${ref}:${file}`]);
}

/**
 * The commit checked out (undefined before the first) and whether tracked files differ from it:
 * one `git status` instead of `rev-parse HEAD` and `status` (each git process costs the caller a
 * fork, ~10 ms of a run's start on a busy machine).
 */
export async function headState(
  cwd: string,
): Promise<{ commit: string | undefined; dirty: boolean }> {
  const out = await git(cwd, ["status", "--porcelain=v2", "--branch", "--untracked-files=no"]);
  if (out === undefined) return { commit: undefined, dirty: false };
  const lines = out.split("\n").filter(Boolean);
  const oid = lines.find((l) => l.startsWith("# branch.oid "))?.slice("# branch.oid ".length);
  return {
    commit: oid && /^[0-9a-f]{40,64}$/.test(oid) ? oid : undefined,
    dirty: lines.some((l) => !l.startsWith("#")),
  };
}

export async function userName(cwd: string): Promise<string | undefined> {
  return (await git(cwd, ["config", "user.name"]))?.trim() || undefined;
}

export async function refExists(cwd: string, ref: string): Promise<boolean> {
  return (await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])) !== undefined;
}

/** Files changed between `ref` and the working tree (committed, staged, unstaged, untracked), relative to `cwd`. */
export async function changedSince(cwd: string, ref: string): Promise<string[] | undefined> {
  const base = (await git(cwd, ["merge-base", ref, "HEAD"]))?.trim() || ref;
  const diff = await git(cwd, ["diff", "--name-only", "--relative", base, "--"]);
  if (diff === undefined) return undefined;
  const untracked = (await git(cwd, ["ls-files", "--others", "--exclude-standard"])) ?? "";
  return [...new Set([...diff.split("\n"), ...untracked.split("\n")].filter(Boolean))].sort();
}
