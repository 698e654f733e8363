import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { RunSummary, TrialResult } from "./types.js";

const env = { TEST_LLM_KEY: "sk-test-resume-errors" };
const t = useFakeOpenAI();

function onlyRun(dir: string): string {
  const runs = join(dir, ".llmops/runs");
  return join(runs, readdirSync(runs).sort().at(-1)!);
}

function results(runDir: string): TrialResult[] {
  return readFileSync(join(runDir, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("--resume retries the calls that failed", () => {
  it("a run stopped by a failing endpoint resumes into a run without those errors", async () => {
    let down = true;
    t.server.setHandler(() => (down ? { kind: "error", status: 500 } : { content: "ok" }));
    const cases = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const p = evalProject({ baseURL: t.server.url, cases });
    t.cleanup = p.cleanup;
    const first = await runInProcess(["eval", "--no-cache", "--concurrency", "1"], {
      cwd: p.dir,
      env,
    });
    expect(first.code).toBe(3);
    const dir = onlyRun(p.dir);
    const failed = results(dir).filter((r) => r.error).length;
    expect(failed).toBeGreaterThan(0);

    down = false;
    const resumed = await runCli(["eval", "--resume", dir], { cwd: p.dir, env });
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as RunSummary;
    expect(summary.status).toBe("complete");
    expect(summary.suites[0]!.errors).toEqual({});
    expect(summary.totals.trials).toBe(10);
    const rows = results(dir);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.error === null && r.pass)).toBe(true);
  });
});

describe("deterministic failures are recorded, so --replay reproduces them", () => {
  it("context_length_exceeded is recorded by --record and replayed as that error, not a replay miss", async () => {
    t.server.setHandler((call) =>
      lastUser(call).includes("huge")
        ? {
            kind: "error",
            status: 400,
            code: "context_length_exceeded",
            message: "This model's maximum context length is 8192 tokens",
          }
        : { content: "ok" },
    );
    const p = evalProject({ baseURL: t.server.url, cases: ["small", "huge"] });
    t.cleanup = p.cleanup;
    const rec = await runInProcess(["eval", "--record"], { cwd: p.dir, env });
    expect(rec.stderr).not.toContain("internal error");
    const fixture = readFileSync(join(p.dir, "fixtures/echo/fake.yml"), "utf8");
    expect(fixture).toContain("context_length_exceeded");

    const calls = t.server.calls.length;
    const replay = await runCli(["eval", "--replay"], { cwd: p.dir, env: {} });
    expect(replay.stderr).not.toContain("no recorded response");
    expect(replay.code).not.toBe(3);
    expect(t.server.calls.length).toBe(calls);
    const huge = results(onlyRun(p.dir)).find((r) => r.case === "huge")!;
    expect(huge.error).toMatchObject({
      class: "context_length_exceeded",
      message: "This model's maximum context length is 8192 tokens",
    });
    expect(huge.source).toBe("fixture");
  });

  it("a transient failure (500) is never recorded", async () => {
    t.server.setHandler((call) =>
      lastUser(call).includes("flaky") ? { kind: "error", status: 500 } : { content: "ok" },
    );
    const p = evalProject({ baseURL: t.server.url, cases: ["fine", "flaky"] });
    t.cleanup = p.cleanup;
    await runInProcess(["eval", "--record"], { cwd: p.dir, env });
    const fixture = readFileSync(join(p.dir, "fixtures/echo/fake.yml"), "utf8");
    expect(fixture).toContain("case: fine");
    expect(fixture).not.toContain("flaky");
  });
});
