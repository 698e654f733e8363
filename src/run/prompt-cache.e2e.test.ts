import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { RunSummary, TrialResult } from "./types.js";

const env = { TEST_LLM_KEY: "sk-test-prompt-cache" };
const t = useFakeOpenAI();

describe("prompt caching: cached_tokens end to end", () => {
  it("keeps cached tokens in results, recordings and summary, prices them and reports the hit ratio", async () => {
    // 2,000 prompt tokens of which 1,500 read from the cache, 10 out.
    t.server.setHandler(() => ({
      content: "ok",
      usage: { prompt_tokens: 2000, completion_tokens: 10 },
      cachedTokens: 1500,
    }));
    const p = evalProject({ baseURL: t.server.url, cases: ["a", "b"] });
    t.cleanup = p.cleanup;
    // Cached input at $0.5 / M, against $1 / M input and $2 / M output.
    const config = join(p.dir, "llmops.yaml");
    const text = readFileSync(config, "utf8");
    writeFileSync(
      config,
      text.replace(
        "price: { input: 1, output: 2 }",
        "price: { input: 1, output: 2, cachedInput: 0.5 }",
      ),
    );
    const r = await runCli(["eval", "--record", "--report", "markdown", "--out", "run1"], {
      cwd: p.dir,
      env,
    });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(cache 75.0%)");
    const dir = join(p.dir, "run1");
    const lines: TrialResult[] = readFileSync(join(dir, "results.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const perCall = (500 * 1 + 1500 * 0.5 + 10 * 2) / 1e6;
    for (const l of lines) {
      expect(l.usage).toEqual({ promptTokens: 2000, completionTokens: 10, cachedTokens: 1500 });
      expect(l.cost).toBeCloseTo(perCall, 12);
    }
    const summary: RunSummary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.suites[0]!.tokens).toEqual({ prompt: 4000, completion: 20, cached: 3000 });
    expect(summary.suites[0]!.cost.total).toBeCloseTo(2 * perCall, 9);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("cache hit 75.0%: 3,000 of 4,000 in cached");
    // The recording keeps the cached tokens: a replay prices and reports them the same way.
    const fixture = readFileSync(join(p.dir, "fixtures/echo/fake.yml"), "utf8");
    expect(fixture).toContain("cachedTokens: 1500");
    const calls = t.server.calls.length;
    const replay = await runInProcess(["eval", "--replay", "--out", "run2"], { cwd: p.dir, env });
    expect(replay.code).toBe(0);
    expect(t.server.calls.length).toBe(calls);
    expect(replay.stdout).toContain("(cache 75.0%)");
  });

  it("an endpoint that reports no cached tokens shows no hit ratio (not 0%)", async () => {
    t.server.setHandler(() => ({
      content: "ok",
      usage: { prompt_tokens: 20, completion_tokens: 2 },
    }));
    const p = evalProject({ baseURL: t.server.url, cases: ["a"] });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--report", "markdown", "--out", "run"], {
      cwd: p.dir,
      env,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("cache ");
    const summary: RunSummary = JSON.parse(readFileSync(join(p.dir, "run/summary.json"), "utf8"));
    expect(summary.suites[0]!.tokens).toEqual({ prompt: 20, completion: 2 });
    expect(readFileSync(join(p.dir, "run/report.md"), "utf8")).not.toContain("cache hit");
  });
});
