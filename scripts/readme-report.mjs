// The reports shown in the README, generated from the bundled examples:
//  - a pull request that breaks the ticket router (a prompt edit, re-recorded through the stand-in
//    with the answers in scripts/samples/), compared with the committed baseline;
//  - `llmops eval` on the examples as they are.
// `node scripts/readme-report.mjs` rewrites them; `--check` exits 1 when the README is stale.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordSamples } from "./record-samples.mjs";
import { brokenClassifierReplies } from "./samples/responses.mjs";
import { standIn } from "./samples/stand-in.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/llmops.js");
const BROKEN_PROMPT = `Route this support ticket to a queue: billing, bug, feature_request, account or other.
      Answer with the queue.`;

async function evalReport(cwd, args) {
  const out = join(cwd, ".readme-run");
  rmSync(out, { recursive: true, force: true });
  await new Promise((resolve) =>
    spawn(process.execPath, [BIN, "eval", "--replay", "--quiet", "--out", out, ...args], {
      cwd,
      env: { PATH: process.env.PATH },
      stdio: "inherit",
    }).on("close", resolve),
  );
  const report = readFileSync(join(out, "report.md"), "utf8").trim();
  rmSync(out, { recursive: true, force: true });
  return report;
}

async function brokenReport() {
  const dir = mkdtempSync(join(tmpdir(), "llmops-readme-"));
  try {
    for (const f of ["llmops.yaml", "prompts", "evals", "fixtures"])
      cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    const git = (...a) => execFileSync("git", a, { cwd: dir, stdio: "ignore" });
    git("init", "-q", "-b", "main");
    git("-c", "user.name=llmops", "-c", "user.email=llmops@example.com", "add", "-A");
    git(
      "-c",
      "user.name=llmops",
      "-c",
      "user.email=llmops@example.com",
      "-c",
      "commit.gpgsign=false",
      "commit",
      "-q",
      "-m",
      "examples",
    );
    const file = join(dir, "prompts/classify-ticket.prompt.yml");
    const text = readFileSync(file, "utf8");
    const start = text.indexOf("      Classify the support ticket");
    const end = text.indexOf("  - role: user");
    writeFileSync(file, `${text.slice(0, start)}      ${BROKEN_PROMPT}\n${text.slice(end)}`);
    await recordSamples({
      cwd: dir,
      handler: standIn({ classifier: brokenClassifierReplies }),
      args: ["evals/classify-ticket.eval.yml"],
    });
    return await evalReport(dir, ["evals/classify-ticket.eval.yml", "--baseline-ref", "main"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Run ids, commits, durations and the broken example's re-recorded timings change on every run;
 * everything else (scores, verdicts, tables, texts) must match exactly.
 */
export function normalize(text) {
  return text
    .replace(/\d{8}-\d{6}\.\d{3}-[0-9a-f]{4}/g, "<run>")
    .replace(/<code>[0-9a-f]{12}<\/code>( \(dirty\))?/g, "<code><commit></code>")
    .replace(/\b\d+(\.\d+)?m?s\b/g, "<time>");
}

// The two reports come from different folders: made at once, they take the time of the longer.
const [broken, passing] = await Promise.all([brokenReport(), evalReport(ROOT, [])]);
const block = [
  "<!-- report:start -->",
  broken,
  "",
  "<details><summary>The report of <code>npx llmops eval</code> on the examples as they are</summary>",
  "",
  passing,
  "",
  "</details>",
  "<!-- report:end -->",
].join("\n");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const start = readme.indexOf("<!-- report:start -->");
const end = readme.indexOf("<!-- report:end -->") + "<!-- report:end -->".length;
const next = readme.slice(0, start) + block + readme.slice(end);
if (process.argv.includes("--check")) {
  if (normalize(next) !== normalize(readme)) {
    console.error("README.md: the example reports are stale; run node scripts/readme-report.mjs");
    process.exit(1);
  }
  console.error("README.md: the example reports are current");
} else {
  writeFileSync(join(ROOT, "README.md"), next);
  console.error("README.md: reports updated");
}
