import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Issue 13: a live run ("has the provider drifted?") that leaves fixtures/ alone.
const env = { TEST_LLM_KEY: "sk-test-live" };
const t = useFakeOpenAI();

function fixtures(dir: string): string {
  const root = join(dir, "fixtures/echo");
  return readdirSync(root)
    .map((f) => readFileSync(join(root, f), "utf8"))
    .join("\n");
}

describe("llmops eval --live", () => {
  it("calls every case live, ignores recordings and cache, writes nothing to fixtures/", async () => {
    t.server.setHandler(() => ({
      content: "ok recorded",
      usage: { prompt_tokens: 2, completion_tokens: 2 },
    }));
    const p = evalProject({ cases: ["a", "b"], baseURL: t.server.url });
    t.cleanup = p.cleanup;
    expect((await runInProcess(["eval", "--record"], { cwd: p.dir, env })).code).toBe(0);
    const recorded = fixtures(p.dir);
    expect(recorded).toContain("ok recorded");
    const replayed = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(replayed.stdout).toContain("answers: 2 replayed, 0 cached, 0 live");

    t.server.setHandler(() => ({
      content: "ok drifted",
      usage: { prompt_tokens: 2, completion_tokens: 2 },
    }));
    const before = t.server.calls.length;
    const r = await runCli(["eval", "--live"], { cwd: p.dir, env });
    expect(r.stdout).toContain("answers: 0 replayed, 0 cached, 2 live");
    expect(r.code).toBe(0);
    expect(t.server.calls.length - before).toBe(2);
    expect(fixtures(p.dir)).toBe(recorded);
    const runs = join(p.dir, ".llmops/runs");
    const last = readdirSync(runs).sort().at(-1)!;
    const results = readFileSync(join(runs, last, "results.jsonl"), "utf8")
      .trim()
      .split("\n");
    for (const l of results.map((x) => JSON.parse(x))) {
      expect(l.source).toBe("live");
      expect(l.output).toBe("ok drifted");
    }
    expect(JSON.parse(readFileSync(join(runs, last, "run.json"), "utf8")).options.mode).toBe(
      "live",
    );
    // What --help and the README say: live answers still refresh the local cache.
    const cache = join(p.dir, ".llmops/cache");
    const entries = readdirSync(cache, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(join(cache, f), "utf8")).content);
    expect(entries.sort()).toEqual(["ok drifted", "ok drifted"]);
  });

  it("excludes --record and --replay", async () => {
    const p = evalProject({ cases: ["a"], baseURL: t.server.url });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--live", "--record"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--record and --live exclude each other");
  });
});
