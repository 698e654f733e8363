import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { countTokens } from "../test-support/fake-openai.js";
import { BIN, runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-batch" };
const t = useFakeOpenAI();
const args = ["eval", "--batch", "--batch-poll", "0.02", "--no-cache", "--out", "run"];

function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const byCase = (rows: Record<string, unknown>[]) =>
  Object.fromEntries(rows.map((r) => [r.case as string, r]));

function routes() {
  const calls = t.server.calls;
  return {
    chat: calls.filter((c) => c.path.endsWith("/chat/completions")).length,
    uploads: calls.filter((c) => c.method === "POST" && c.path.endsWith("/files")).length,
    creates: calls.filter((c) => c.method === "POST" && c.path.endsWith("/batches")).length,
    polls: calls.filter((c) => c.method === "GET" && /\/batches\/[^/]+$/.test(c.path)).length,
  };
}

function project(cases: string[], extraConfig?: string) {
  t.server.calls.length = 0;
  const p = evalProject({ baseURL: t.server.url, cases, ...(extraConfig ? { extraConfig } : {}) });
  t.cleanup = p.cleanup;
  return p;
}

describe("eval --batch", () => {
  it("uploads one file, creates one batch, polls it, and scores the answers at half price", async () => {
    t.server.setHandler((call) => ({ content: `ok ${lastUser(call)}` }));
    t.server.setBatchBehavior({ pollsToFinish: 2 });
    const p = project(["a", "b", "c"]);
    const r = await runInProcess(args, { cwd: p.dir, env });
    expect(r.stderr).toMatch(/batch batch_\d+: 3 requests for fake submitted/);
    expect(r.stderr).toMatch(/in_progress, 0\/3 done/);
    expect(r.stderr).toMatch(/completed, 3\/3 done/);
    expect(r.code).toBe(0);
    expect(routes()).toEqual({ chat: 0, uploads: 1, creates: 1, polls: 3 });
    const dir = join(p.dir, "run");
    const batch = JSON.parse(readFileSync(join(dir, "batch.json"), "utf8"));
    expect(batch.batches).toHaveLength(1);
    expect(Object.keys(batch.batches[0].requests)).toHaveLength(3);
    const results = byCase(jsonl(join(dir, "results.jsonl")));
    for (const c of ["a", "b", "c"]) {
      const res = results[c]!;
      expect(res.output).toBe(`ok Q: ${c}`);
      expect(res.pass).toBe(true);
      expect(res.source).toBe("live");
      const messages = JSON.stringify([{ role: "user", content: `Q: ${c}` }]);
      const full = (countTokens(messages) * 1 + countTokens(`ok Q: ${c}`) * 2) / 1e6;
      expect(res.cost).toBeCloseTo(full * 0.5, 12);
      // A batch answer has no timing of its own: unknown, not 0 ms.
      expect(res.latencyMs).toBeNull();
      expect(res.ttftMs).toBeNull();
    }
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.suites[0].latencyMs).toEqual({ p50: null, p95: null });
    const calls = jsonl(join(dir, "calls.jsonl"));
    expect(calls.filter((c) => c.kind === "model")).toHaveLength(3);
  });

  it("judge calls on the batch's answers go as a second batch, at the batch price", async () => {
    t.server.setHandler((call) => {
      const format = call.body.response_format as
        | { json_schema?: { schema: { properties: { verdict: { enum: string[] } } } } }
        | undefined;
      const verdicts = format?.json_schema?.schema.properties.verdict.enum;
      if (verdicts)
        return {
          content: JSON.stringify({ reasoning: "it answers the question", verdict: verdicts[0] }),
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        };
      return { content: `ok ${lastUser(call)}` };
    });
    t.server.setBatchBehavior({ pollsToFinish: 1 });
    t.server.calls.length = 0;
    const p = evalProject({
      baseURL: t.server.url,
      cases: ["a", "b", "c"],
      scorers: "  - { type: answer-relevance, model: fake, question: q }",
    });
    t.cleanup = p.cleanup;
    const r = await runInProcess(args, { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/batch batch_\d+: 3 requests for fake submitted/);
    expect(r.stderr).toMatch(/batch batch_\d+: 3 judge requests for fake submitted/);
    // Not one synchronous call: the answers, then the judges on them, each a batch.
    expect(routes()).toMatchObject({ chat: 0, uploads: 2, creates: 2 });
    const dir = join(p.dir, "run");
    const batch = JSON.parse(readFileSync(join(dir, "batch.json"), "utf8"));
    expect(batch.batches.map((b: { kind: string }) => b.kind)).toEqual(["model", "judge"]);
    const results = jsonl(join(dir, "results.jsonl"));
    expect(results).toHaveLength(3);
    for (const res of results) {
      expect(res.pass).toBe(true);
      // 100 input tokens at $1 and 10 output at $2 per million, at the batch discount.
      expect((res.judge as { cost: number }).cost).toBeCloseTo(((100 + 20) / 1e6) * 0.5, 12);
    }
    const calls = jsonl(join(dir, "calls.jsonl"));
    expect(calls.filter((c) => c.kind === "judge")).toHaveLength(3);

    // --resume re-attaches to both batches: nothing is submitted or called again.
    const before = routes();
    const again = await runInProcess(["eval", "--resume", "run", "--batch-poll", "0.02"], {
      cwd: p.dir,
      env,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(routes()).toMatchObject({ chat: 0, uploads: before.uploads, creates: before.creates });
  });

  it("with a token budget: the batch sends the requests the run looks up, none over budget", async () => {
    t.server.setHandler((call) => ({ content: `ok ${lastUser(call)}` }));
    t.server.setBatchBehavior({ pollsToFinish: 1 });
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const p = project(["a", "b", long]);
    const suite = join(p.dir, "evals/echo.eval.yml");
    writeFileSync(
      suite,
      readFileSync(suite, "utf8").replace(
        "trials: 1\n",
        "trials: 1\nbudget: { inputTokens: 30, outputTokens: 50 }\n",
      ),
    );
    const r = await runInProcess(args, { cwd: p.dir, env });
    expect(r.stderr).toMatch(/batch batch_\d+: 2 requests for fake submitted/);
    // Every answer came from the batch (max_tokens capped as the run sends it); the long case
    // was refused before any call.
    expect(routes()).toMatchObject({ chat: 0, creates: 1 });
    const results = byCase(jsonl(join(p.dir, "run", "results.jsonl")));
    expect(results.a!.pass).toBe(true);
    expect(results.b!.pass).toBe(true);
    expect((results[long]!.error as { class: string }).class).toBe("over_budget");
    const batch = JSON.parse(readFileSync(join(p.dir, "run", "batch.json"), "utf8"));
    expect(Object.keys(batch.batches[0].requests)).toHaveLength(2);
  });

  it("a partially failed batch: failed lines are errors of their class, the rest score", async () => {
    t.server.setHandler((call) =>
      lastUser(call).includes("long")
        ? {
            kind: "error",
            status: 400,
            code: "context_length_exceeded",
            message: "maximum context length is 8 tokens",
          }
        : { content: "ok" },
    );
    const p = project(["fine", "long"]);
    const r = await runInProcess(args, { cwd: p.dir, env });
    expect(r.stderr).toMatch(/completed, 2\/2 done, 1 failed/);
    const results = byCase(jsonl(join(p.dir, "run/results.jsonl")));
    expect(results.fine!.pass).toBe(true);
    expect(results.long!.error).toMatchObject({ class: "context_length_exceeded", status: 400 });
    expect(results.long!.output).toBe(null);
    expect(routes().chat).toBe(0);
  });

  it("an expired batch: what ran is kept (at the configured discount), the rest are timeouts", async () => {
    t.server.setHandler(() => ({ content: "ok" }));
    t.server.setBatchBehavior({ end: "expired", ranBeforeExpiry: 1 });
    const p = project(["x1", "x2", "x3"], "batchDiscount: 0.25\n");
    const r = await runInProcess(args, { cwd: p.dir, env });
    expect(r.stderr).toMatch(/expired, 3\/3 done, 2 failed/);
    const results = jsonl(join(p.dir, "run/results.jsonl"));
    const passed = results.filter((x) => x.pass);
    expect(passed).toHaveLength(1);
    const messages = JSON.stringify([{ role: "user", content: `Q: ${passed[0]!.case}` }]);
    const full = (countTokens(messages) + countTokens("ok") * 2) / 1e6;
    expect(passed[0]!.cost).toBeCloseTo(full * 0.25, 12);
    const failed = results.filter((x) => !x.pass);
    expect(failed).toHaveLength(2);
    for (const f of failed)
      expect(f.error).toMatchObject({
        class: "timeout",
        message: expect.stringMatching(/expired/),
      });
  });

  it("a batch that fails validation stops the run (exit 3) with its reason", async () => {
    t.server.setHandler(() => ({ content: "ok" }));
    t.server.setBatchBehavior({ end: "failed" });
    const p = project(["v"]);
    const r = await runCli(args, { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("failed: invalid_request: the fake batch failed validation");
  });

  it("--resume re-attaches to the batch in batch.json instead of submitting again", async () => {
    t.server.setHandler((call) => ({ content: `ok ${lastUser(call)}` }));
    t.server.setBatchBehavior({ pollsToFinish: 1_000_000 });
    const p = project(["r1", "r2"]);
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: p.dir,
      env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("close", resolve));
    const batchFile = join(p.dir, "run/batch.json");
    while (!existsSync(batchFile) || routes().polls < 2)
      await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    await exited;
    expect(routes()).toMatchObject({ creates: 1, uploads: 1 });
    t.server.setBatchBehavior({ pollsToFinish: 0 });
    const r = await runCli(["eval", "--resume", "run"], { cwd: p.dir, env });
    expect(r.stderr).toMatch(/batch batch_\d+ \(fake\): completed, 2\/2 done/);
    expect(r.stderr).not.toContain("submitted");
    expect(r.code).toBe(0);
    expect(routes()).toMatchObject({ creates: 1, uploads: 1, chat: 0 });
    const results = byCase(jsonl(join(p.dir, "run/results.jsonl")));
    expect(results.r1!.output).toBe("ok Q: r1");
    expect(results.r2!.output).toBe("ok Q: r2");
  });

  it("Ctrl-C while waiting ends llmops (exit 3) and says how to re-attach", async () => {
    t.server.setHandler(() => ({ content: "ok" }));
    t.server.setBatchBehavior({ pollsToFinish: 1_000_000 });
    const p = project(["i1"]);
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: p.dir,
      env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const code = new Promise((resolve) => child.on("close", resolve));
    while (routes().polls < 2) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGINT");
    expect(await code).toBe(3);
    expect(stderr).toMatch(/stopped while waiting for batch batch_\d+; it goes on at the provider/);
    expect(stderr).toContain("llmops eval --resume");
  });

  it("an endpoint without the Batch API is a clear error, exit 3", async () => {
    t.server.setHandler(() => ({ content: "ok" }));
    t.server.setBatchBehavior({ unsupported: true });
    const p = project(["u"]);
    const r = await runInProcess(args, { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("provider local has no Batch API: /v1/files answered 404");
    expect(r.stderr).toContain("run without --batch");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(routes().chat).toBe(0);
  });
});
