import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import type { Behavior, FakeOpenAI } from "../test-support/fake-openai.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { RunSummary, TrialResult } from "./types.js";

// Most tests here run the CLI in this process (runInProcess: main() with captured output, the
// binary's code path minus bin/), ~2.5x faster; the ones that prove the binary's exit code and
// files run it as a subprocess (runCli).

const KEY = "sk-test-THIS-KEY-MUST-NEVER-BE-WRITTEN-0123456789";
const t = useFakeOpenAI();

function project(opts: Parameters<typeof evalProject>[0]) {
  const p = evalProject({ baseURL: t.server.url, ...opts });
  t.cleanup = p.cleanup;
  return p;
}

const env = { TEST_LLM_KEY: KEY };

function runDirs(dir: string): string[] {
  const runs = join(dir, ".llmops/runs");
  return existsSync(runs)
    ? readdirSync(runs)
        .map((d) => join(runs, d))
        .sort()
    : [];
}

function results(runDir: string): TrialResult[] {
  return readFileSync(join(runDir, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function summary(runDir: string): RunSummary {
  return JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
}

/** Behaviour by the case's question: "ok-*" answers, "e429-*" etc. fail in a given way. */
const byQuestion = (call: Parameters<Parameters<FakeOpenAI["setHandler"]>[0]>[0]): Behavior => {
  const q = lastUser(call).replace(/^Q: /, "");
  if (q.startsWith("e429"))
    return {
      kind: "error",
      status: 429,
      headers: { "retry-after-ms": "1" },
      code: "rate_limit_exceeded",
    };
  if (q.startsWith("e500"))
    return { kind: "error", status: 500, headers: { "retry-after-ms": "1" } };
  if (q.startsWith("ectx"))
    return {
      kind: "error",
      status: 400,
      code: "context_length_exceeded",
      message: "maximum context length is 10 tokens",
    };
  if (q.startsWith("e400")) return { kind: "error", status: 400, message: "bad temperature" };
  if (q.startsWith("edrop")) return { kind: "drop", when: "before" };
  if (q.startsWith("ehang")) return { kind: "hang" };
  if (q.startsWith("efilter")) return { content: "partial", finishReason: "content_filter" };
  return {
    content: `ok answer to ${q}`,
    delayMs: 5,
    usage: { prompt_tokens: 10, completion_tokens: 5 },
  };
};

describe("llmops eval against a local OpenAI-compatible server", () => {
  it("runs, scores, measures and writes results.jsonl and summary.json", async () => {
    t.server.setHandler(byQuestion);
    const p = project({ cases: ["ok-1", "ok-2", "ok-3"], trials: 2 });
    const r = await runCli(["eval"], { cwd: p.dir, env });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const [dir] = runDirs(p.dir);
    const lines = results(dir!);
    expect(lines).toHaveLength(6);
    const first = lines.find((l) => l.case === "ok-1" && l.trial === 0)!;
    expect(first).toMatchObject({
      suite: "echo",
      model: "fake",
      output: "ok answer to ok-1",
      pass: true,
      score: 1,
      usage: { promptTokens: 10, completionTokens: 5 },
      cost: (10 * 1 + 5 * 2) / 1e6,
      source: "live",
      error: null,
      finishReason: "stop",
    });
    expect(first.scores[0]).toMatchObject({
      name: "contains",
      value: 1,
      pass: true,
      reason: 'contains "ok"',
    });
    expect(first.latencyMs).toBeGreaterThanOrEqual(0);
    expect(first.ttftMs).not.toBeNull();
    expect(first.promptVersion).toMatch(/^[0-9a-f]{8}$/);
    const s = summary(dir!);
    expect(s.status).toBe("complete");
    expect(s.suites[0]).toMatchObject({
      suite: "echo",
      model: "fake",
      cases: 3,
      trials: 6,
      passRate: 1,
      meanScore: 1,
      tokens: { prompt: 60, completion: 30 },
    });
    expect(s.suites[0]!.cost.total).toBeCloseTo(6 * 20e-6, 12);
    expect(s.suites[0]!.latencyMs.p95).not.toBeNull();
    expect(s.meta.llmopsVersion).toMatch(/^\d+\.\d+\.\d+/);
    // No --concurrency, no concurrency in llmops.yaml: run.json records the default used, 8.
    const meta = JSON.parse(readFileSync(join(dir!, "run.json"), "utf8"));
    expect(meta.options.concurrency).toBe(8);
    expect(r.stdout).toContain("echo");
    expect(r.stdout).toContain("100.0%");
  });

  it("a failed call is a result with its error class, and the run goes on", async () => {
    t.server.setHandler(byQuestion);
    const cases = [
      "ok-1",
      "e429-a",
      "e500-a",
      "ectx-a",
      "e400-a",
      "edrop-a",
      "ehang-a",
      "efilter-a",
      "ok-2",
    ];
    const p = project({ cases });
    const r = await runInProcess(["eval", "--concurrency", "9"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const byCase = Object.fromEntries(results(runDirs(p.dir)[0]!).map((l) => [l.case, l]));
    expect(byCase["ok-1"]!.pass).toBe(true);
    expect(byCase["e429-a"]!.error?.class).toBe("rate_limit");
    expect(byCase["e500-a"]!.error?.class).toBe("server");
    expect(byCase["ectx-a"]!.error?.class).toBe("context_length_exceeded");
    expect(byCase["e400-a"]!.error?.class).toBe("bad_request");
    expect(byCase["edrop-a"]!.error?.class).toBe("network");
    expect(byCase["ehang-a"]!.error?.class).toBe("timeout");
    expect(byCase["efilter-a"]!.error?.class).toBe("content_filter");
    for (const c of cases.filter((x) => x.startsWith("e")))
      expect(byCase[c]).toMatchObject({ pass: false, score: 0 });
    const s = summary(runDirs(p.dir)[0]!);
    expect(s.suites[0]!.errors).toMatchObject({
      rate_limit: 1,
      server: 1,
      context_length_exceeded: 1,
      bad_request: 1,
      network: 1,
      timeout: 1,
      content_filter: 1,
    });
    expect(r.stdout).toContain("rate_limit: ");
  });

  it("a wrong key stops early with one message and exit 3", async () => {
    let calls = 0;
    t.server.setHandler(() => {
      calls++;
      return {
        kind: "error",
        status: 401,
        message: "Incorrect API key provided",
        code: "invalid_api_key",
      };
    });
    const p = project({ cases: Array.from({ length: 40 }, (_, i) => `ok-${i}`) });
    const r = await runCli(["eval", "--concurrency", "2"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr.match(/^error /gm)).toHaveLength(1);
    expect(r.stderr).toContain("every call to fake for suite echo failed");
    expect(r.stderr).toContain(
      "rejected the API key in TEST_LLM_KEY: 401 Incorrect API key provided",
    );
    expect(r.stderr).toContain("hint: check TEST_LLM_KEY");
    expect(calls).toBeLessThanOrEqual(7);
    expect(summary(runDirs(p.dir)[0]!).status).toBe("failed");
  });

  it("an unreachable endpoint stops early with exit 3", async () => {
    const p = evalProject({
      baseURL: "http://127.0.0.1:9/v1",
      cases: Array.from({ length: 20 }, (_, i) => `ok-${i}`),
    });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--concurrency", "2"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("network");
    expect(r.stderr).toContain("reachable");
  });

  it("--record writes readable fixtures; --replay runs offline; re-recording is byte-stable", async () => {
    let n = 0;
    t.server.setHandler((call) => {
      n++;
      const q = lastUser(call);
      return {
        content: `ok line one for ${q}\nline two`,
        delayMs: 1 + (n % 7),
        usage: { prompt_tokens: 7, completion_tokens: 3 },
      };
    });
    const p = project({ cases: ["ok-a", "ok-b"], trials: 2 });
    const rec = await runInProcess(["eval", "--record"], { cwd: p.dir, env });
    expect(rec.code).toBe(0);
    const fixture = join(p.dir, "fixtures/echo/fake.yml");
    const text = readFileSync(fixture, "utf8");
    expect(text).toContain("suite: echo");
    expect(text).toContain("case: ok-a");
    expect(text).toMatch(/content: \|-?\n\s+ok line one for Q: ok-a\n\s+line two/);
    expect(text).not.toMatch(/chatcmpl|created|timestamp|\d{4}-\d{2}-\d{2}T/);

    const callsBefore = n;
    const replay = await runInProcess(["eval", "--replay", "--no-cache"], { cwd: p.dir, env: {} });
    expect(replay.code).toBe(0);
    expect(n).toBe(callsBefore);
    const lines = results(runDirs(p.dir)[1]!);
    expect(lines.every((l) => l.source === "fixture")).toBe(true);
    expect(lines.find((l) => l.case === "ok-b")!.output).toBe("ok line one for Q: ok-b\nline two");

    const again = await runInProcess(["eval", "--record"], { cwd: p.dir, env });
    expect(again.code).toBe(0);
    expect(n).toBe(callsBefore + 4);
    expect(readFileSync(fixture, "utf8")).toBe(text);
  });

  it("a replay loads no openai SDK; a live run does", async () => {
    // Every file the binary loads is logged at exit (the bundle is CommonJS: require.cache holds
    // each chunk it required); the SDK is the chunk holding its client's credentials message. A
    // replay has no use for it: compiling it was ~20 ms of a 1,000-case replay's start-up.
    const hooks = mkdtempSync(join(tmpdir(), "llmops-loads-"));
    const log = join(hooks, "loads.txt");
    writeFileSync(
      join(hooks, "log-loads.cjs"),
      [
        'const { writeFileSync } = require("node:fs");',
        'process.on("exit", () => {',
        `  writeFileSync(${JSON.stringify(log)}, Object.keys(require.cache).join("\\n"));`,
        "});",
      ].join("\n"),
    );
    const logged = { NODE_OPTIONS: `--require ${join(hooks, "log-loads.cjs")}` };
    const sdkLoaded = () => {
      const files = readFileSync(log, "utf8")
        .split("\n")
        .filter((f) => f.includes("/dist/"));
      rmSync(log);
      expect(files.length).toBeGreaterThan(3);
      return files.some((f) =>
        readFileSync(f, "utf8").includes("Missing credentials. Please pass an"),
      );
    };
    try {
      t.server.setHandler(() => ({
        content: "ok",
        usage: { prompt_tokens: 1, completion_tokens: 1 },
      }));
      const p = project({ cases: ["a", "b"] });
      const rec = await runCli(["eval", "--record"], { cwd: p.dir, env: { ...env, ...logged } });
      expect(rec.code, rec.stderr).toBe(0);
      expect(sdkLoaded()).toBe(true);
      const replay = await runCli(["eval", "--replay"], { cwd: p.dir, env: logged });
      expect(replay.code, replay.stderr).toBe(0);
      expect(sdkLoaded()).toBe(false);
    } finally {
      rmSync(hooks, { recursive: true, force: true });
    }
  });

  it("a replay miss is exit 3 naming the suite, case and the command that records it", async () => {
    const p = project({ cases: ["ok-x"] });
    const r = await runInProcess(["eval", "--replay"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("no recorded response: echo/ok-x (trial 1, fake)");
    expect(r.stderr).toContain("hint: record them with: llmops eval --record");
  });

  it("without recordings and without a key, stops before any call and explains both ways", async () => {
    const before = t.server.calls.length;
    const p = project({ cases: ["ok-x", "ok-y"] });
    const r = await runInProcess(["eval"], { cwd: p.dir, env: {} });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("TEST_LLM_KEY is not set");
    expect(r.stderr).toContain("llmops eval --record");
    expect(t.server.calls.length).toBe(before);
    expect(runDirs(p.dir)).toEqual([]);
  });

  it("the local cache keeps a second run from paying twice; --no-cache calls again", async () => {
    t.server.setHandler(byQuestion);
    const p = project({ cases: ["ok-1", "ok-2"] });
    const before = t.server.calls.length;
    expect((await runInProcess(["eval"], { cwd: p.dir, env })).code).toBe(0);
    expect(t.server.calls.length).toBe(before + 2);
    expect((await runInProcess(["eval"], { cwd: p.dir, env })).code).toBe(0);
    expect(t.server.calls.length).toBe(before + 2);
    expect(results(runDirs(p.dir)[1]!).every((l) => l.source === "cache")).toBe(true);
    expect((await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env })).code).toBe(0);
    expect(t.server.calls.length).toBe(before + 4);
  });

  it("a cache that cannot be written loses no answer: one warning, and the run goes on", async () => {
    t.server.setHandler(byQuestion);
    const p = project({ cases: ["ok-1", "ok-2", "ok-3"] });
    mkdirSync(join(p.dir, ".llmops"), { recursive: true });
    writeFileSync(join(p.dir, ".llmops/cache"), "a file where the cache's folder goes");
    const before = t.server.calls.length;
    const r = await runInProcess(["eval", "--json"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    expect(t.server.calls.length).toBe(before + 3);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("warning"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /warning the local response cache cannot be written \(ENOTDIR.*\.llmops\/cache.*\); this run goes on without it/,
    );
    expect(r.stderr).not.toContain("internal error");
    const lines = results(runDirs(p.dir)[0]!);
    expect(lines.map((l) => [l.case, l.source, l.error]).sort()).toEqual([
      ["ok-1", "live", null],
      ["ok-2", "live", null],
      ["ok-3", "live", null],
    ]);
  });

  it("keeps at most --concurrency calls in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    t.server.setHandler(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      return { content: "ok" };
    });
    const p = project({ cases: Array.from({ length: 24 }, (_, i) => `ok-${i}`) });
    const r = await runInProcess(["eval", "--concurrency", "4", "--no-cache"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    expect(peak).toBe(4);
  });

  it("--max-cost stops scheduling, saves everything and exits 3 with what was spent", async () => {
    t.server.setHandler(() => ({
      content: "ok",
      delayMs: 5,
      usage: { prompt_tokens: 1000, completion_tokens: 500 },
    }));
    const p = project({ cases: Array.from({ length: 30 }, (_, i) => `ok-${i}`) });
    // Each call costs $0.002; the budget allows about five.
    const r = await runInProcess(
      ["eval", "--concurrency", "1", "--max-cost", "0.01", "--no-cache"],
      {
        cwd: p.dir,
        env,
      },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("cost budget reached: spent $0.0100");
    expect(r.stderr).toMatch(/25 trials not run/);
    expect(r.stderr).toContain("llmops eval --resume");
    const dir = runDirs(p.dir)[0]!;
    expect(results(dir)).toHaveLength(5);
    expect(summary(dir)).toMatchObject({
      status: "budget",
      totals: { trials: 5, planned: 30, remaining: 25 },
    });
  });

  it("--max-cost with a model of unknown price is refused before any call", async () => {
    const p = project({ cases: ["ok-1"], extraConfig: "  free:\n    provider: local\n" });
    const r = await runInProcess(["eval", "--model", "free", "--max-cost", "1"], {
      cwd: p.dir,
      env,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--max-cost cannot be enforced: no price for free");
  });

  it("--json prints the summary; --quiet prints nothing", async () => {
    t.server.setHandler(byQuestion);
    const p = project({ cases: ["ok-1"] });
    const j = await runInProcess(["eval", "--json"], { cwd: p.dir, env });
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out.suites[0].passRate).toBe(1);
    expect(out.runDir).toContain(".llmops/runs/");
    const q = await runInProcess(["eval", "--quiet"], { cwd: p.dir, env });
    expect(q.stdout).toBe("");
    expect(q.stderr).toBe("");
  });

  it("validation problems are exit 2 before a single call", async () => {
    const before = t.server.calls.length;
    const p = project({ cases: ["ok-1"], scorers: "  - { type: containz, value: ok }" });
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown type "containz"');
    expect(t.server.calls.length).toBe(before);
  });

  it("--filter and --model select what runs; a filter matching nothing is exit 2", async () => {
    t.server.setHandler(byQuestion);
    const p = project({
      cases: ["ok-1", "ok-2", "other-1"],
      extraConfig:
        "  fake2:\n    provider: local\n    id: fake-2\n    price: { input: 1, output: 1 }\n",
    });
    const r = await runInProcess(
      ["eval", "--filter", "ok-*", "--model", "fake", "--model", "fake2"],
      {
        cwd: p.dir,
        env,
      },
    );
    expect(r.code).toBe(0);
    const lines = results(runDirs(p.dir)[0]!);
    expect(lines.map((l) => `${l.model}:${l.case}`).sort()).toEqual([
      "fake2:ok-1",
      "fake2:ok-2",
      "fake:ok-1",
      "fake:ok-2",
    ]);
    const none = await runInProcess(["eval", "--filter", "zzz"], { cwd: p.dir, env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("matches no suite or case");
  });

  it("bad flags are exit 2 with a hint", async () => {
    const p = project({ cases: ["ok-1"] });
    for (const args of [
      ["--trials", "0"],
      ["--concurrency", "x"],
      ["--max-cost", "-1"],
      ["--shard", "4/3"],
      ["--replay", "--record"],
    ]) {
      const r = await runCli(["eval", ...args], { cwd: p.dir, env });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/hint:/);
    }
  });

  it("never writes the API key anywhere", async () => {
    t.server.setHandler((call) =>
      lastUser(call).includes("e401")
        ? { kind: "error", status: 401, message: `Incorrect API key provided: ${KEY}` }
        : { content: "ok" },
    );
    const p = project({ cases: ["ok-1", "e401-x", "ok-2"] });
    const r = await runCli(["eval", "--record"], { cwd: p.dir, env });
    expect(r.stdout + r.stderr).not.toContain(KEY);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        (e.isDirectory() ? walk : (f: string) => files.push(f))(join(d, e.name));
    };
    walk(p.dir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(f, "utf8"), f).not.toContain(KEY.slice(3, 30));
  });
});
