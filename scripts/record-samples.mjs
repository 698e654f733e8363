// Re-records fixtures/ for the bundled examples from the hand-written sample responses in
// scripts/samples/, through a local stand-in server (no API key, no network), then rewrites the
// baselines from a replay. After changing an example: `npm run build && node scripts/record-samples.mjs`.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeOpenAI } from "../dist/test-support/fake-openai.js";
import { NOTE, standIn } from "./samples/stand-in.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Run the CLI asynchronously: the stand-in server lives in this process and must keep answering. */
export function llmops(args, { cwd = ROOT, env = {}, ok = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/llmops.js"), ...args], {
      cwd,
      env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
      stdio: "inherit",
    });
    child.on("close", (code) =>
      ok.includes(code) ? resolve() : reject(new Error(`llmops ${args.join(" ")} exited ${code}`)),
    );
  });
}

/** Record through the stand-in; then label every fixture file as samples. */
export async function recordSamples({ cwd = ROOT, handler = standIn(), args = [] } = {}) {
  const server = await startFakeOpenAI(handler);
  try {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "sample-recorder-no-key" };
    // Recording compares too: a changed example may fail its gate (exit 1) and still be recorded.
    await llmops(["eval", "--record", "--no-cache", "--concurrency", "8", "--quiet", ...args], {
      cwd,
      env,
      ok: [0, 1],
    });
  } finally {
    await server.close();
  }
  for (const suite of readdirSync(join(cwd, "fixtures"))) {
    for (const file of readdirSync(join(cwd, "fixtures", suite))) {
      const path = join(cwd, "fixtures", suite, file);
      const text = readFileSync(path, "utf8");
      if (!text.includes("\nnote: "))
        writeFileSync(path, text.replace(/\nsuite: /, `\nnote: ${JSON.stringify(NOTE)}\nsuite: `));
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await recordSamples({ args: ["--prune"] });
  await llmops(["eval", "--replay", "--update-baseline", "--quiet"]);
  console.error("recorded fixtures/ and rewrote evals/baselines/ from the samples");
}
