import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { BIN, runCli } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Issue 13: `llmops eval | head` must not crash with EPIPE and a stack trace; the run finishes
// (its folder is written) and the process exits with the run's own code.

const env = { TEST_LLM_KEY: "sk-test-epipe" };
const t = useFakeOpenAI();

/** `llmops eval` whose stdout reader goes away at once, as `| head -0` does. */
function evalIntoClosedPipe(cwd: string) {
  const child = spawn(process.execPath, [BIN, "eval", "--no-cache"], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stderr })),
  );
}

describe("llmops eval | head", () => {
  it.each([
    ["passes", "ok", 0],
    ["fails its gate", "zzz", 1],
  ])("a run that %s exits quietly with its own code", async (_what, value, expected) => {
    t.server.setHandler(() => ({
      content: "ok answer",
      usage: { prompt_tokens: 3, completion_tokens: 2 },
    }));
    const p = evalProject({
      cases: ["a", "b", "c", "d"],
      baseURL: t.server.url,
      scorers: `  - { type: contains, value: ${value} }`,
      extraConfig: "gate: { minPassRate: 0.9 }\n",
    });
    t.cleanup = p.cleanup;
    const piped = await evalIntoClosedPipe(p.dir);
    expect(piped.stderr).not.toMatch(/EPIPE|at \w+ \(|node:internal/);
    expect(piped.code).toBe(expected);
    // The run was not cut short: its folder was written as usual.
    const runs = join(p.dir, ".llmops/runs");
    expect(existsSync(runs) && readdirSync(runs).length).toBe(1);
    const normal = await runCli(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(normal.code).toBe(piped.code);
  });
});
