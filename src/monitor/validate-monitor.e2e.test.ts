import { describe, expect, it } from "vitest";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";

const config = `providers:
  local: { type: openai, apiKeyEnv: TEST_LLM_KEY, baseURL: "http://127.0.0.1:9/v1" }
models:
  fake: { provider: local, id: fake-model }
`;
const good = `name: bot
logs: [logs/current.jsonl]
scorers:
  - { type: pii }
judges:
  model: fake
  sample: 50
  scorers:
    - { type: groundedness }
`;

describe("llmops validate checks *.monitor.yml files", () => {
  it("a valid monitor file is counted; one named on the command line is checked alone", async () => {
    const p = tempProject({ "llmops.yaml": config, "ops/bot.monitor.yml": good });
    try {
      const all = await runCli(["validate"], { cwd: p.dir, env: {} });
      expect(all.code).toBe(0);
      expect(all.stdout.trim()).toBe(
        "ok 0 prompts, 0 suites, 0 cases, 1 monitor file, config llmops.yaml: all valid",
      );
      const one = await runInProcess(["validate", "ops/bot.monitor.yml"], { cwd: p.dir, env: {} });
      expect(one.code).toBe(0);
      expect(one.stdout.trim()).toBe("ok 1 monitor file: all valid");
    } finally {
      p.cleanup();
    }
  });

  it("schema problems and an unknown judge model are located, exit 2", async () => {
    const p = tempProject({
      "llmops.yaml": config,
      "ops/bot.monitor.yml": good.replace("{ type: pii }", "{ type: pii, nope: 1 }"),
      "ops/judged.monitor.yml": good.replace("model: fake", "model: fakee"),
    });
    try {
      const r = await runCli(["validate"], { cwd: p.dir, env: {} });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ops\/bot\.monitor\.yml:4:\d+.*nope/);
      const json = await runInProcess(["validate", "--json"], { cwd: p.dir, env: {} });
      expect(json.code).toBe(2);
      const out = JSON.parse(json.stdout);
      expect(out.valid).toBe(false);
      const judge = out.problems.find((x: { message: string }) => x.message.includes("fakee"));
      expect(judge).toMatchObject({ file: "ops/judged.monitor.yml", line: 6 });
      expect(judge.hint).toContain('did you mean "fake"?');
    } finally {
      p.cleanup();
    }
  });
});
