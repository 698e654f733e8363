// Release llmops without the npm registry (docs/release.md). Run after `npm run build`.
//
//   node scripts/release.mjs pack [dir]   the release tarball llmops-<version>.tgz (air-gapped installs)
//   node scripts/release.mjs tag          commit dist/ on a detached release commit, tag v<version>
//
// Both ship the prebuilt dist/ and a package.json without scripts: a git install
// (npm install -D github:llmops-dev/llmops#v<version>) of a package with a `prepare` or `build`
// script makes npm install every devDependency in the user's machine; without, npm only unpacks.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const tag = `v${pkg.version}`;

/**
 * package.json as released, without `scripts`: they build, test and lint the sources, which the
 * tarball does not hold. It matters for git installs too: npm (pacote's git fetcher) treats a git
 * dependency with any of build, prepare, prepack, preinstall, install or postinstall as source to
 * prepare and runs `npm install` in a temporary clone first, every devDependency included.
 */
function releasedPackageJson() {
  const { scripts: _scripts, ...released } = pkg;
  return `${JSON.stringify(released, null, 2)}\n`;
}

function needBuild() {
  if (!existsSync(join(ROOT, "dist/cli/main.js"))) {
    process.stderr.write("error dist/ is missing\n  hint: run npm run build first\n");
    process.exit(2);
  }
}

function git(args, cwd = ROOT) {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

const [command, arg] = process.argv.slice(2);
if (command === "pack") {
  needBuild();
  const out = resolve(arg ?? ROOT);
  mkdirSync(out, { recursive: true }); // npm pack fails, saying nothing, into a missing folder
  const stage = mkdtempSync(join(tmpdir(), "llmops-pack-"));
  try {
    for (const f of [...pkg.files, "LICENSE"]) {
      if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
    }
    writeFileSync(join(stage, "package.json"), releasedPackageJson());
    const name = execFileSync(
      "npm",
      ["pack", "--ignore-scripts", "--silent", "--pack-destination", out],
      { cwd: stage, encoding: "utf8" },
    ).trim();
    process.stdout.write(`${join(out, name)}\n`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
} else if (command === "tag") {
  needBuild();
  if (git(["status", "--porcelain", "--untracked-files=no"]).trim() !== "") {
    process.stderr.write("error the work tree has changes\n  hint: commit or stash them first\n");
    process.exit(2);
  }
  const head = git(["rev-parse", "HEAD"]).trim();
  const wt = mkdtempSync(join(tmpdir(), "llmops-release-"));
  try {
    git(["worktree", "add", "--detach", wt, head]);
    cpSync(join(ROOT, "dist"), join(wt, "dist"), { recursive: true });
    writeFileSync(join(wt, "package.json"), releasedPackageJson());
    git(["add", "-f", "dist", "package.json"], wt);
    git(["commit", "-q", "-m", `release ${tag}: prebuilt dist/, no prepare script`], wt);
    git(["tag", "-a", tag, "-m", `llmops ${tag}`], wt);
    process.stdout.write(
      `tagged ${tag} (release commit on top of ${head.slice(0, 8)})\n  next: git push origin ${tag}\n`,
    );
  } finally {
    git(["worktree", "remove", "--force", wt]);
  }
} else {
  process.stderr.write("usage: node scripts/release.mjs pack [dir] | tag\n");
  process.exit(2);
}
