import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { BIN, runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-resume" };
const t = useFakeOpenAI();

function onlyRunDir(dir: string): string {
  const runs = join(dir, ".llmops/runs");
  const [d] = readdirSync(runs);
  return join(runs, d!);
}

function lineCount(file: string): number {
  return existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim()).length
    : 0;
}

/** Start `llmops eval` and signal it once `results.jsonl` has `after` lines. */
function startAndSignal(cwd: string, args: string[], signal: NodeJS.Signals, after: number) {
  const child = spawn(process.execPath, [BIN, "eval", ...args], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const timer = setInterval(() => {
    const runs = join(cwd, ".llmops/runs");
    if (!existsSync(runs) || readdirSync(runs).length === 0) return;
    if (lineCount(join(onlyRunDir(cwd), "results.jsonl")) >= after) {
      clearInterval(timer);
      child.kill(signal);
    }
  }, 10);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) =>
      child.on("close", (code, sig) => {
        clearInterval(timer);
        resolve({ code, signal: sig, stderr });
      }),
  );
}

describe("interrupting and resuming a run", () => {
  it("after a kill, --resume finishes without repeating any call that has a result", async () => {
    const seen: string[] = [];
    t.server.setHandler(async (call) => {
      seen.push(lastUser(call));
      await new Promise((r) => setTimeout(r, 60));
      return { content: "ok" };
    });
    const cases = Array.from({ length: 30 }, (_, i) => `ok-${i}`);
    const p = evalProject({ baseURL: t.server.url, cases });
    t.cleanup = p.cleanup;
    const killed = await startAndSignal(p.dir, ["--concurrency", "3", "--no-cache"], "SIGKILL", 8);
    expect(killed.signal).toBe("SIGKILL");
    const dir = onlyRunDir(p.dir);
    const doneBefore = readFileSync(join(dir, "results.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).case as string);
    expect(doneBefore.length).toBeGreaterThanOrEqual(8);
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
    const callsBefore = seen.length;

    const r = await runCli(["eval", "--resume", dir], { cwd: p.dir, env });
    expect(r.stderr).toContain(`(${doneBefore.length} already done)`);
    expect(r.code).toBe(0);
    const after = seen.slice(callsBefore);
    for (const c of doneBefore) expect(after).not.toContain(`Q: ${c}`);
    expect(after.length).toBe(30 - doneBefore.length);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary).toMatchObject({
      status: "complete",
      totals: { trials: 30, planned: 30, remaining: 0 },
    });
    const ids = readFileSync(join(dir, "results.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).case);
    expect(new Set(ids).size).toBe(30);
  });

  it("Ctrl-C stops scheduling, writes the summary of what finished and prints the resume command", async () => {
    t.server.setHandler(async () => {
      await new Promise((r) => setTimeout(r, 80));
      return { content: "ok" };
    });
    const p = evalProject({
      baseURL: t.server.url,
      cases: Array.from({ length: 40 }, (_, i) => `ok-${i}`),
    });
    t.cleanup = p.cleanup;
    const r = await startAndSignal(p.dir, ["--concurrency", "2", "--no-cache"], "SIGINT", 4);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("interrupted:");
    expect(r.stderr).toMatch(/hint: continue with: llmops eval --resume \.llmops\/runs\/\S+/);
    const dir = onlyRunDir(p.dir);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.status).toBe("interrupted");
    expect(summary.totals.trials).toBe(lineCount(join(dir, "results.jsonl")));
    expect(summary.totals.trials).toBeLessThan(40);
    const resumed = await runInProcess(["eval", "--resume", dir], { cwd: p.dir, env });
    expect(resumed.code).toBe(0);
    expect(lineCount(join(dir, "results.jsonl"))).toBe(40);
  });

  it("a record run killed half-way keeps what it recorded when resumed", async () => {
    t.server.setHandler(async (call) => {
      await new Promise((r) => setTimeout(r, 40));
      return { content: `ok ${lastUser(call)}` };
    });
    const p = evalProject({
      baseURL: t.server.url,
      cases: Array.from({ length: 12 }, (_, i) => `ok-${i}`),
    });
    t.cleanup = p.cleanup;
    await startAndSignal(p.dir, ["--record", "--concurrency", "2"], "SIGKILL", 4);
    const dir = onlyRunDir(p.dir);
    expect(lineCount(join(dir, "recordings.jsonl"))).toBeGreaterThanOrEqual(4);
    const r = await runInProcess(["eval", "--resume", dir], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const fixture = readFileSync(join(p.dir, "fixtures/echo/fake.yml"), "utf8");
    for (let i = 0; i < 12; i++) expect(fixture).toContain(`case: ok-${i}\n`);
    const replay = await runInProcess(["eval", "--replay"], { cwd: p.dir, env: {} });
    expect(replay.code).toBe(0);
  });

  it("--record --prune drops recordings the suite no longer uses", async () => {
    t.server.setHandler((call) => ({ content: `ok ${lastUser(call)}` }));
    const p = evalProject({ baseURL: t.server.url, cases: ["ok-a", "ok-b", "ok-c"] });
    t.cleanup = p.cleanup;
    expect((await runInProcess(["eval", "--record"], { cwd: p.dir, env })).code).toBe(0);
    p.write({
      "evals/echo.eval.yml": readFileSync(join(p.dir, "evals/echo.eval.yml"), "utf8").replace(
        / {2}- id: ok-c\n.*\n/,
        "",
      ),
    });
    expect((await runInProcess(["eval", "--record"], { cwd: p.dir, env })).code).toBe(0);
    expect(readFileSync(join(p.dir, "fixtures/echo/fake.yml"), "utf8")).toContain("case: ok-c");
    const bad = await runInProcess(["eval", "--prune"], { cwd: p.dir, env });
    expect(bad.code).toBe(2);
    expect((await runInProcess(["eval", "--record", "--prune"], { cwd: p.dir, env })).code).toBe(0);
    const text = readFileSync(join(p.dir, "fixtures/echo/fake.yml"), "utf8");
    expect(text).not.toContain("case: ok-c");
    expect(text).toContain("case: ok-b");
  });
});
