import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { TrialResult } from "./types.js";

const env = { TEST_LLM_KEY: "sk-test-guard-0123456789" };
const t = useFakeOpenAI();

const EMAIL = "jane.doe@example.org";
const CARD = "4111 1111 1111 1111";

function results(dir: string): TrialResult[] {
  const runs = join(dir, ".llmops/runs");
  const last = readdirSync(runs).sort().pop()!;
  return readFileSync(join(runs, last, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("guardrails and governance", () => {
  it("moderation calls the provider's endpoint through the recording layer", async () => {
    t.server.setHandler((call) => ({
      content: lastUser(call).includes("angry") ? "I will attack you" : "Happy to help.",
    }));
    const p = evalProject({
      baseURL: t.server.url,
      cases: ["calm", "angry"],
      scorers: "  - { type: moderation, categories: [violence, harassment] }",
    });
    t.cleanup = p.cleanup;
    const before = t.server.calls.length;
    expect((await runInProcess(["eval", "--record"], { cwd: p.dir, env })).code).toBe(0);
    const mod = t.server.calls.slice(before).filter((c) => c.path.endsWith("/moderations"));
    expect(mod).toHaveLength(2);
    expect(mod[0]!.body.model).toBe("omni-moderation-latest");
    const byCase = Object.fromEntries(results(p.dir).map((r) => [r.case, r]));
    expect(byCase.calm!.scores[0]).toMatchObject({ name: "moderation", value: 1, pass: true });
    expect(byCase.angry!.scores[0]).toMatchObject({
      value: 0,
      pass: false,
      reason: "flagged: violence 0.97",
    });
    expect(
      readFileSync(join(p.dir, "fixtures/echo/local--omni-moderation-latest.yml"), "utf8"),
    ).toContain("kind: moderation");
    const n = t.server.calls.length;
    expect((await runInProcess(["eval", "--replay"], { cwd: p.dir, env: {} })).code).toBe(0);
    expect(t.server.calls.length).toBe(n);
  });

  it("a moderation endpoint that fails is an error of the case (judge_error), never a quality drop", async () => {
    t.server.setHandler(() => ({ content: "Happy to help." }));
    const p = evalProject({
      baseURL: t.server.url,
      cases: ["a", "b", "c", "d"],
      scorers: "  - { type: moderation }",
    });
    t.cleanup = p.cleanup;
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    t.server.setModerationFault({ kind: "error", status: 500, message: "moderation down" });
    const r = await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env });
    // Every case errored: the run could not complete (3), it did not regress (1).
    expect(r.code).toBe(3);
    expect(r.stdout).not.toMatch(/FAILED: .*drop/);
    const rs = results(p.dir);
    expect(rs.map((x) => x.error?.class)).toEqual([
      "judge_error",
      "judge_error",
      "judge_error",
      "judge_error",
    ]);
    expect(rs[0]!.error!.message).toContain("moderation call failed: server");
    const baseline = join(p.dir, "evals/baselines/echo.json");
    const before = readFileSync(baseline, "utf8");
    const upd = await runInProcess(["eval", "--no-cache", "--update-baseline"], {
      cwd: p.dir,
      env,
    });
    expect(upd.code).toBe(3);
    expect(readFileSync(baseline, "utf8")).toBe(before);
  });

  it("guardrail scorers gate outputs, with what they found masked in the reason", async () => {
    t.server.setHandler((call) =>
      lastUser(call).includes("leaky")
        ? { content: `Sure: ${EMAIL}, card ${CARD}` }
        : { content: "Nothing to share." },
    );
    const p = evalProject({
      baseURL: t.server.url,
      cases: ["leaky", "clean"],
      scorers: "  - { type: pii }\n  - { type: banned, words: [Trello] }\n  - { type: secrets }",
    });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const byCase = Object.fromEntries(results(p.dir).map((x) => [x.case, x]));
    expect(byCase.clean!.pass).toBe(true);
    const pii = byCase.leaky!.scores[0]!;
    expect(pii).toMatchObject({ name: "pii", value: 0, pass: false });
    expect(pii.reason).not.toContain(EMAIL);
    expect(pii.reason).toContain("email");
  });

  it("--redact masks PII and secrets in everything the run folder stores; scoring sees the raw output", async () => {
    t.server.setHandler(() => ({
      content: `Reach ${EMAIL} or pay with ${CARD}. Key: AKIAIOSFODNN7EXAMPLQ`,
    }));
    const p = evalProject({
      baseURL: t.server.url,
      cases: ["a"],
      scorers: "  - { type: contains, value: '@example.org' }",
    });
    t.cleanup = p.cleanup;
    const r = await runCli(["eval", "--redact", "--report", "markdown,junit,json"], {
      cwd: p.dir,
      env,
    });
    expect(r.code).toBe(0);
    expect(results(p.dir)[0]!.pass).toBe(true);
    const runs = join(p.dir, ".llmops/runs");
    const dir = join(runs, readdirSync(runs)[0]!);
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text, f).not.toContain(EMAIL);
      expect(text, f).not.toContain(CARD);
      expect(text, f).not.toContain("AKIAIOSFODNN7EXAMPLQ");
    }
    expect(readFileSync(join(dir, "results.jsonl"), "utf8")).toContain("[EMAIL]");
    expect(JSON.parse(readFileSync(join(dir, "run.json"), "utf8")).options.redact).toBe(true);
  });

  it("the audit log holds every call's request and response, and never the key", async () => {
    t.server.setHandler(() => ({ content: "ok" }));
    const p = evalProject({ baseURL: t.server.url, cases: ["a", "b"] });
    t.cleanup = p.cleanup;
    expect(
      (
        await runInProcess(["eval"], {
          cwd: p.dir,
          env: {
            ...env,
            GITHUB_ACTIONS: "true",
            GITHUB_SERVER_URL: "https://github.com",
            GITHUB_REPOSITORY: "acme/app",
            GITHUB_RUN_ID: "42",
            GITHUB_ACTOR: "octo",
          },
        })
      ).code,
    ).toBe(0);
    const runs = join(p.dir, ".llmops/runs");
    const dir = join(runs, readdirSync(runs)[0]!);
    const calls = readFileSync(join(dir, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      kind: "model",
      suite: "echo",
      model: "fake",
      provider: "local",
      source: "live",
      request: { model: "fake-model" },
      response: { content: "ok" },
      error: null,
    });
    expect(calls[0].request.messages[0].content).toMatch(/^Q: [ab]$/);
    const meta = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(meta.git.user).toBe("octo");
    expect(meta.ci).toEqual({
      provider: "github-actions",
      url: "https://github.com/acme/app/actions/runs/42",
    });
    expect(meta.configDigest).toMatch(/^[0-9a-f]{12}$/);
    for (const f of readdirSync(dir))
      expect(readFileSync(join(dir, f), "utf8"), f).not.toContain(env.TEST_LLM_KEY);
  });
});
