import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject, lastUser, localProvider } from "../test-support/eval-project.js";
import type { Behavior, RecordedCall } from "../test-support/fake-openai.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import type { RunSummary, TrialResult } from "./types.js";

// Infrastructure failures (a judge that errors, a truncated stream, an HTML page) are errors of
// the case, counted as errors, never scores that read as a quality drop.

const env = { TEST_LLM_KEY: "sk-test-infra" };
const t = useFakeOpenAI();

const CASES = ["a", "b", "c", "d", "e", "f"];

function judgeProject(judgeLine = "judge: judge-m") {
  const cases = CASES.map((id) => `  - id: ${id}\n    vars: { q: "question ${id}" }\n`).join("");
  const p = tempProject({
    "llmops.yaml": `${localProvider(t.server.url)}models:
  answerer: { provider: local, id: answer-model, price: { input: 1, output: 1 } }
  judge-m: { provider: local, id: judge-model, price: { input: 1, output: 1 } }
${judgeLine}
`,
    "prompts/qa.prompt.yml":
      "name: qa\nmodel: answerer\nmessages:\n  - role: user\n    content: '{{q}}'\n",
    "evals/qa.eval.yml": `description: qa
prompt: ../prompts/qa.prompt.yml
scorers:
  - { type: llm-rubric, rubric: "The answer is polite." }
cases:
${cases}`,
  });
  t.cleanup = p.cleanup;
  return p;
}

const isJudge = (call: RecordedCall) => call.body.model === "judge-model";

/** The answerer always answers; the judge does what `judge` says for the case. */
function serve(judge: (q: string) => Behavior) {
  t.server.setHandler((call) => {
    if (!isJudge(call)) return { content: `answer to ${lastUser(call)}` };
    const user = (call.body.messages as { content: string }[])[1]!.content;
    return judge(/question (\w)/.exec(user)?.[1] ?? "");
  });
}

const pass = (): Behavior => ({ content: JSON.stringify({ reasoning: "ok", verdict: "pass" }) });

function lastRun(dir: string): string {
  const runs = join(dir, ".llmops/runs");
  return join(runs, readdirSync(runs).sort().at(-1)!);
}

function results(dir: string): TrialResult[] {
  return readFileSync(join(lastRun(dir), "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

function summary(dir: string): RunSummary {
  return JSON.parse(readFileSync(join(lastRun(dir), "summary.json"), "utf8"));
}

describe("judge failures are errors of the case, not scores of 0", () => {
  it("a judge answering 500 on every call stops the run with exit 3, not a 100% drop", async () => {
    serve(pass);
    const p = judgeProject();
    const first = await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env });
    expect(first.code).toBe(0);
    const baseline = readFileSync(join(p.dir, "evals/baselines/qa.json"), "utf8");

    serve(() => ({ kind: "error", status: 500, message: "judge backend down" }));
    const r = await runCli(["eval", "--update-baseline", "--no-cache"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("judge_error");
    expect(r.stderr).toContain("judge backend down");
    expect(r.stdout + r.stderr).not.toMatch(/drop 100/);
    expect(readFileSync(join(p.dir, "evals/baselines/qa.json"), "utf8")).toBe(baseline);
    for (const x of results(p.dir)) expect(x.error?.class).toBe("judge_error");
  });

  it("some judge errors are counted as errors and refuse --update-baseline", async () => {
    serve(pass);
    const p = judgeProject();
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    const baseline = readFileSync(join(p.dir, "evals/baselines/qa.json"), "utf8");

    serve((q) => (q === "b" ? { kind: "error", status: 503 } : pass()));
    const r = await runInProcess(["eval", "--update-baseline", "--no-cache"], { cwd: p.dir, env });
    expect(r.stderr).toMatch(/--update-baseline: not written: the run had 1 failed call/);
    expect(readFileSync(join(p.dir, "evals/baselines/qa.json"), "utf8")).toBe(baseline);
    expect(summary(p.dir).suites[0]!.errors).toEqual({ judge_error: 1 });
    const b = results(p.dir).find((x) => x.case === "b")!;
    expect(b.error).toMatchObject({ class: "judge_error" });
    expect(b.output).toBe("answer to question b");
  });

  it("judge_parse (the judge answered, not in the verdict format) stays a score, counted apart", async () => {
    serve((q) => (q === "a" ? { content: "Looks polite to me." } : pass()));
    const p = judgeProject();
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    const s = summary(p.dir).suites[0]!;
    expect(s.errors).toEqual({});
    expect(s.judge.parseErrors).toBe(1);
    expect(r.stdout).toMatch(/judge_parse: 1 judge reply/);
  });

  it("validate: a typo in judge: is a located problem, exit 2", async () => {
    const p = judgeProject("judge: judge-mm");
    const r = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/llmops\.yaml:10:\d+: .*judge-mm/);
    expect(r.stderr + r.stdout).toContain('did you mean "judge-m"?');
  });

  it("validate: an unknown OpenAI judge model in a suite is exit 2 at its line", async () => {
    const p = tempProject({
      "prompts/qa.prompt.yml":
        "name: qa\nmodel: gpt-4o-mini\nmessages:\n  - role: user\n    content: '{{q}}'\n",
      "evals/qa.eval.yml":
        'description: qa\nprompt: ../prompts/qa.prompt.yml\njudge: gtp-4o-mini\nscorers:\n  - { type: llm-rubric, rubric: "polite" }\ncases:\n  - { id: a, vars: { q: hi } }\n',
    });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["validate"], { cwd: p.dir, env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/evals\/qa\.eval\.yml:3:\d+: .*gtp-4o-mini/);
    expect(r.stderr + r.stdout).toContain('did you mean "gpt-4o-mini"?');
  });
});

describe("answers that are not answers", () => {
  it.each([
    ["an HTML page with status 200", { kind: "html" } as Behavior, "bad_response"],
    ["a stream cut short", { kind: "truncate" } as Behavior, "truncated"],
  ])("%s on every call: exit 3 with the error class, not a quality drop", async (_l, b, cls) => {
    t.server.setHandler(() => ({ content: "ok" }));
    const p = evalProject({ baseURL: t.server.url, cases: CASES });
    t.cleanup = p.cleanup;
    expect((await runInProcess(["eval", "--update-baseline"], { cwd: p.dir, env })).code).toBe(0);
    t.server.setHandler(() => b);
    const r = await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(cls);
    expect(r.stdout + r.stderr).not.toMatch(/drop \d/);
  });
});
