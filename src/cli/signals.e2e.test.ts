import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { type Behavior, type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai.js";
import { BIN } from "../test-support/project.js";

// Whatever is pending (the SDK waiting out a Retry-After, a stream that drips forever, a server
// that never answers), Ctrl-C or SIGTERM ends the run within seconds: drained, saved, resumable.

// Each case waits out the 5 s grace given to calls in flight, so the three run at once, each
// with its own server and project.
const env = { TEST_LLM_KEY: "sk-test-signals" };
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** Run `llmops eval`, send `signal` once the server has seen a call; time the exit after it. */
function evalAndSignal(server: FakeOpenAI, cwd: string, signal: NodeJS.Signals) {
  const seen = server.calls.length;
  const child = spawn(process.execPath, [BIN, "eval", "--no-cache"], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  let signalledAt = 0;
  const timer = setInterval(() => {
    if (server.calls.length > seen && !signalledAt) {
      signalledAt = Date.now();
      child.kill(signal);
    }
  }, 20);
  return new Promise<{ code: number | null; afterSignalMs: number; stderr: string }>((resolve) =>
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ code, afterSignalMs: Date.now() - signalledAt, stderr });
    }),
  );
}

describe("signals end a run within seconds, whatever is pending", () => {
  it.concurrent.each([
    [
      "SIGINT",
      "a Retry-After of 25 s the SDK is waiting out",
      {
        kind: "error",
        status: 503,
        headers: { "retry-after": "25" },
      } as Behavior,
    ],
    ["SIGTERM", "a stream that drips forever", { kind: "drip", everyMs: 100 } as Behavior],
    ["SIGINT", "a server that never answers", { kind: "hang" } as Behavior],
  ])(
    "%s during %s: exit 3 within 10 s, summary saved, resume hint",
    async (signal, _l, b) => {
      const server = await startFakeOpenAI(() => b);
      cleanups.push(() => server.close());
      const p = evalProject({
        baseURL: server.url,
        cases: ["one", "two", "three"],
        extraConfig: "",
      });
      cleanups.push(p.cleanup);
      // Long limits: only the signal may end these calls.
      const cfg = join(p.dir, "llmops.yaml");
      const text = readFileSync(cfg, "utf8").replace("timeoutMs: 1500", "timeoutMs: 60000");
      writeFileSync(cfg, text);
      const r = await evalAndSignal(server, p.dir, signal as NodeJS.Signals);
      expect(r.afterSignalMs).toBeLessThan(10_000);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain("interrupted:");
      expect(r.stderr).toMatch(/hint: continue with: llmops eval --resume \.llmops\/runs\/\S+/);
      const runs = join(p.dir, ".llmops/runs");
      const dir = join(runs, readdirSync(runs)[0]!);
      expect(existsSync(join(dir, "summary.json"))).toBe(true);
    },
    60_000,
  );
});
