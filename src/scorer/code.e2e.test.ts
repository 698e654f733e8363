/**
 * Your own scorers, end to end against the local fake server: a `script` module and an `exec`
 * command (a node script, so no Python is needed) score real trials; validation catches a missing
 * module, a module without a function and a missing program before any call; a scorer that throws
 * is a scorer error that names the case and the module's line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-code-scorers" };
const t = useFakeOpenAI();
/** Each CLI run is a subprocess; on a loaded machine one can take well over the default 20 s. */
const SLOW = 90_000;

function results(dir: string) {
  const runs = join(dir, ".llmops/runs");
  const last = readdirSync(runs).sort().at(-1)!;
  return readFileSync(join(runs, last, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map(
      (l) => JSON.parse(l) as { case: string; pass: boolean; scores: Record<string, unknown>[] },
    );
}

const SCRIPT = `let loads = (globalThis.__loads ?? 0) + 1;
globalThis.__loads = loads;
export default async function polite(output, context) {
  if (context.vars.q === "boom") throw new Error("cannot score " + context.case);
  return {
    score: output.includes("ok") ? 1 : 0,
    reason: \`loads=\${loads} msgs=\${context.messages.length} user=\${context.messages[0].content} latency=\${typeof context.latencyMs} tokens=\${context.usage?.completionTokens}\`,
  };
}
export const words = (output) => output.split(/\\s+/).length <= 3;
`;

const EXEC = `let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const c = JSON.parse(input);
  if (c.vars.q === "slow") return setTimeout(() => {}, 120000);
  process.stdout.write(JSON.stringify({ pass: c.output.endsWith(c.vars.q), score: 0.5, reason: "case " + c.case + " expected " + c.expected }));
});
`;

function project(cases: string[], scorers: string) {
  const p = evalProject({ baseURL: t.server.url, cases, scorers });
  p.write({ "evals/scorers/polite.mjs": SCRIPT, "evals/scorers/ends.mjs": EXEC });
  t.cleanup = p.cleanup;
  t.server.setHandler((call) => ({
    content: `ok ${lastUser(call).replace(/^Q: /, "")}`,
    usage: { prompt_tokens: 5, completion_tokens: 2 },
  }));
  return p;
}

/** The scorers; `timeout` must leave room for node to start on a loaded machine. */
const both = (timeout: number) => `  - { type: script, module: scorers/polite.mjs }
  - { type: script, name: short, module: scorers/polite.mjs, export: words }
  - { type: exec, name: ends, command: node scorers/ends.mjs, timeout: ${timeout}, concurrency: 1 }`;

describe("script and exec scorers", { timeout: 300_000 }, () => {
  it("score every trial, with the context, a module loaded once and an explicit pass", async () => {
    const p = project(["a", "b", "c"], both(60_000));
    const v = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(v.stderr + v.stdout).not.toContain("error");
    expect(v.code).toBe(0);
    const r = await runCli(["eval"], { cwd: p.dir, env, timeoutMs: SLOW });
    expect(r.code).toBe(0);
    const rows = results(p.dir);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.pass).toBe(true);
      const [script, short, ends] = row.scores;
      expect(script).toMatchObject({ name: "script", type: "script", value: 1, pass: true });
      expect(script!.reason).toBe(`loads=1 msgs=1 user=Q: ${row.case} latency=number tokens=2`);
      expect(short).toMatchObject({ name: "short", value: 1, pass: true });
      // An explicit pass decides even when the score (0.5) is below the default threshold.
      expect(ends).toMatchObject({ name: "ends", value: 0.5, pass: true });
      expect(ends!.reason).toBe(`case ${row.case} expected null`);
    }
  });

  it("a scorer that throws or times out is a scorer error naming the case and the module's line", async () => {
    const p = project(["a", "boom", "slow"], both(8000));
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    const rows = results(p.dir);
    const boom = rows.find((x) => x.case === "boom")!;
    expect(boom.pass).toBe(false);
    expect(boom.scores[0]).toMatchObject({ error: "scorer", pass: false });
    expect(boom.scores[0]!.reason).toMatch(
      /^scorer threw: cannot score boom \(at evals\/scorers\/polite\.mjs:4:\d+\)$/,
    );
    const slow = rows.find((x) => x.case === "slow")!;
    expect(slow.scores[2]).toMatchObject({
      error: "scorer",
      reason: "command timed out after 8000 ms",
    });
    expect(rows.find((x) => x.case === "a")!.pass).toBe(true);
    expect(r.stdout).toContain("boom");
    // A new suite has no baseline to regress from: its failing cases are listed in report.md.
    const runs = join(p.dir, ".llmops/runs");
    const md = readFileSync(join(runs, readdirSync(runs).sort().at(-1)!, "report.md"), "utf8");
    expect(md).toContain("failing new cases (2):");
    expect(md).toMatch(
      /<code>boom<\/code> \(0\/1 trials pass\): script: scorer threw: cannot score boom/,
    );
    expect(md).toMatch(
      /<code>slow<\/code> \(0\/1 trials pass\): ends: command timed out after 8000 ms/,
    );
  });

  it("validate finds a missing module, a module without the function and a missing program", async () => {
    const p = project(
      ["a"],
      `  - { type: script, module: scorers/nope.mjs }
  - { type: script, module: scorers/polite.mjs, export: rude }
  - { type: exec, command: no-such-program-xyz --flag }
  - { type: exec, command: ./scorers/missing.sh }`,
    );
    const v = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(v.code).toBe(2);
    const out = v.stdout + v.stderr;
    expect(out).toMatch(
      /evals\/echo\.eval\.yml:\d+:\d+.*script scorer: module scorers\/nope\.mjs does not exist/,
    );
    expect(out).toContain(
      'has no export "rude" that is a function (functions it exports: default, words)',
    );
    expect(out).toContain("exec scorer: command not found: no-such-program-xyz");
    expect(out).toContain("exec scorer: command not found: ./scorers/missing.sh");
    // eval refuses before any call is made.
    const before = t.server.calls.length;
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(t.server.calls.length).toBe(before);
  });
});
