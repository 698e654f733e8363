import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { BIN, runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-sequential" };
const t = useFakeOpenAI();
const cases = Array.from({ length: 40 }, (_, i) => `q${i}`);

/**
 * The server answers "ok" unless `fails(question, n)` says the n-th call (0-based) for that
 * question fails; it counts the calls per question.
 */
function answer(fails: (q: string, n: number) => boolean = () => false): Map<string, number> {
  const calls = new Map<string, number>();
  t.server.setHandler((call) => {
    const q = lastUser(call).replace(/^Q: /, "");
    const n = calls.get(q) ?? 0;
    calls.set(q, n + 1);
    return {
      content: fails(q, n) ? "no" : `ok ${q}`,
      usage: { prompt_tokens: 10, completion_tokens: 2 },
    };
  });
  return calls;
}

/** A project whose baseline (every case passing, one trial) is written. */
async function withBaseline(extraConfig = "") {
  const p = evalProject({ baseURL: t.server.url, cases, extraConfig });
  t.cleanup = p.cleanup;
  // The server counts calls per question: a timeout retried under load would count twice.
  const config = join(p.dir, "llmops.yaml");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace("timeoutMs: 1500", "timeoutMs: 60000"),
  );
  answer();
  const base = await runInProcess(["eval", "--no-cache", "--update-baseline", "--trials", "1"], {
    cwd: p.dir,
    env,
  });
  expect(base.code).toBe(0);
  return p;
}

function runDirOf(dir: string): string {
  const runs = join(dir, ".llmops/runs");
  const [only] = readdirSync(runs).sort().reverse();
  return join(runs, only!);
}

/** report.json's rounds: INCONCLUSIVE at round 1, FAIL at round 2. */
function expectDecidedInRound2(report: { rounds: { round: number; decision: string }[] }) {
  expect(report.rounds.map((x) => [x.round, x.decision])).toEqual([
    [1, "inconclusive"],
    [2, "fail"],
  ]);
}

describe("sequential trials (--until-decided, gate.sequential)", () => {
  it("a noisy drop is INCONCLUSIVE after round 1, every case gets a 2nd trial, and it FAILs", async () => {
    const p = await withBaseline();
    // Round 1: 3 of 40 cases fail (p = 0.125: undecided). From the 2nd call on, 10 cases fail.
    const idx = (q: string) => Number(q.slice(1));
    const calls = answer((q, n) => (n === 0 ? idx(q) < 3 : idx(q) < 10));
    const r = await runCli(["eval", "--no-cache", "--report", "json", "--until-decided", "3"], {
      cwd: p.dir,
      env,
    });
    expect(r.code, r.stderr).toBe(1);
    // Both rounds' calls are paid for: 80 calls of 10 + 2 tokens at $1 / $2 per million.
    expect(r.stdout).toContain("80 live, spent $0.0011");
    // Round 2 ran one more trial for EVERY case, not only the failing ones; no round 3.
    expect(calls.size).toBe(40);
    expect([...calls.values()].every((n) => n === 2)).toBe(true);
    expect(r.stdout).toMatch(/round 1: 1 trial per case, inconclusive/);
    expect(r.stdout).toMatch(/round 2: 2 trials per case, fail/);
    const runDir = runDirOf(p.dir);
    const report = JSON.parse(readFileSync(join(runDir, "report.json"), "utf8"));
    expectDecidedInRound2(report);
    // Pocock's level for alpha 0.05 over 3 looks.
    expect(report.rounds[0].level).toBeCloseTo(0.022, 2);
    expect(readFileSync(join(runDir, "report.md"), "utf8")).toMatch(
      /round 2: 2 trials per case, fail/,
    );
    // The run records the round, so --resume would continue it.
    const meta = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(meta.options.roundTrials).toEqual({ echo: { fake: 2 } });
    const results = readFileSync(join(runDir, "results.jsonl"), "utf8").trim().split("\n");
    expect(results).toHaveLength(80);
  });

  it("a clear drop FAILs after round 1 and spends no more trials (gate.sequential)", async () => {
    const p = await withBaseline("gate:\n  sequential: { maxTrials: 3 }\n");
    const calls = answer((q) => Number(q.slice(1)) < 20);
    const r = await runInProcess(["eval", "--no-cache", "--report", "json"], { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(1);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect(calls.size).toBe(40);
    const report = JSON.parse(readFileSync(join(runDirOf(p.dir), "report.json"), "utf8"));
    expect(report.rounds).toHaveLength(1);
    expect(report.rounds[0]).toMatchObject({
      round: 1,
      trialsPerCase: 1,
      maxTrials: 3,
      decision: "fail",
    });
  });

  it("a round killed midway is finished by --resume, which goes on with the rounds", async () => {
    const p = await withBaseline();
    const idx = (q: string) => Number(q.slice(1));
    const fails = (q: string, n: number) => (n === 0 ? idx(q) < 3 : idx(q) < 10);
    const calls = new Map<string, number>();
    t.server.setHandler(async (call) => {
      const q = lastUser(call).replace(/^Q: /, "");
      const n = calls.get(q) ?? 0;
      calls.set(q, n + 1);
      if (n > 0) await new Promise((r) => setTimeout(r, 50)); // round 2 is slow: kill it there
      return {
        content: fails(q, n) ? "no" : `ok ${q}`,
        usage: { prompt_tokens: 10, completion_tokens: 2 },
      };
    });
    const child = spawn(
      process.execPath,
      [BIN, "eval", "--no-cache", "--concurrency", "2", "--until-decided", "3"],
      { cwd: p.dir, env: { PATH: process.env.PATH, NO_COLOR: "1", ...env }, stdio: "ignore" },
    );
    const lines = (f: string) =>
      existsSync(f) ? readFileSync(f, "utf8").split("\n").filter(Boolean).length : 0;
    const timer = setInterval(() => {
      const runs = join(p.dir, ".llmops/runs");
      if (
        existsSync(runs) &&
        readdirSync(runs).length > 1 &&
        lines(join(runDirOf(p.dir), "results.jsonl")) >= 50
      )
        child.kill("SIGKILL");
    }, 10);
    await new Promise((r) => child.on("close", r));
    clearInterval(timer);
    const runDir = runDirOf(p.dir);
    const before = lines(join(runDir, "results.jsonl"));
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const callsAtKill = total(calls);
    expect(before).toBeGreaterThanOrEqual(50);
    expect(before).toBeLessThan(80);
    const r = await runCli(["eval", "--resume", runDir, "--report", "json"], { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(1);
    // The resume called only the round-2 trials without a result, and round 2 decided: no round 3.
    expect(total(calls) - callsAtKill).toBe(80 - before);
    expect(lines(join(runDir, "results.jsonl"))).toBe(80);
    const report = JSON.parse(readFileSync(join(runDir, "report.json"), "utf8"));
    expectDecidedInRound2(report);
  });
});
