import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Message } from "../prompt/types.js";
import { loadProject } from "../suite/load-project.js";
import { lastUser } from "../test-support/eval-project.js";
import type { RecordedCall } from "../test-support/fake-openai.js";
import { REPO_ROOT, runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Issue 12: prompt files written for `gh models eval` run unchanged, with gh's semantics.
const CORPUS = join(REPO_ROOT, "test/fixtures/gh-prompts");
const fake = useFakeOpenAI();

function project(url: string) {
  const p = tempProject({
    "llmops.yaml": `providers:
  openai:
    type: openai
    apiKeyEnv: TEST_LLM_KEY
    baseURL: ${url}
    maxRetries: 0
paths:
  prompts: ["**/*_prompt.yml"]
`,
  });
  cpSync(CORPUS, join(p.dir, "prompts"), { recursive: true });
  fake.cleanup = p.cleanup;
  return p;
}

/** gh-models' templating: each key of the row replaced as `{{key}}`, nothing else touched. */
function ghTemplate(text: string, row: Record<string, unknown>): string {
  let out = text;
  for (const [k, v] of Object.entries(row)) out = out.replaceAll(`{{${k}}}`, String(v));
  return out;
}

/** The fake endpoint: a judge with a schema answers JSON, a plain judge answers in prose. */
function handler(call: RecordedCall) {
  if (call.body.response_format)
    return { content: JSON.stringify({ reasoning: "Fluent.", verdict: "4" }) };
  const user = lastUser(call);
  if (user.startsWith("Grade:")) return { content: "It names the city.\nGood" };
  return { content: `echo: ${user}\n` };
}

describe("GitHub prompt files (test/fixtures/gh-prompts)", () => {
  it("validate accepts every file, with located warnings for what GitHub reads otherwise", async () => {
    const p = project(fake.server.url);
    const r = await runInProcess(["validate"], { cwd: p.dir });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/9 prompts, 8 suites/);
    for (const w of [
      /summarize_prompt\.yml:4:1: unknown key "tags" is ignored/,
      /summarize_prompt\.yml:6:3: modelParameters\.max_tokens is read as maxTokens/,
      /merge-keys\.prompt\.yml:18:1: the file holds more than one YAML document/,
      /merge-keys\.prompt\.yml:3:1: unknown key "defaults" is ignored/,
      /missing-var\.prompt\.yml:7:\d+: the prompt .* uses \{\{order\}\}, which case "[^"]+" does not provide; sent as written/,
      /schema-lenient\.prompt\.yml:\d+:\d+: jsonSchema is a YAML object/,
      /schema-lenient\.prompt\.yml:\d+:\d+: role "developer"/,
    ])
      expect(r.stderr).toMatch(w);
    const strict = await runInProcess(["validate", "--strict"], { cwd: p.dir });
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toMatch(/error .*missing-var\.prompt\.yml:7:\d+: .*\{\{order\}\}/);
  });

  it("renders every row as gh-models would send it", async () => {
    const p = project(fake.server.url);
    const { project: proj, problems } = await loadProject({ cwd: p.dir });
    expect(problems).toEqual([]);
    const { buildRequest } = await import("../prompt/render.js");
    let rows = 0;
    for (const suite of proj!.suites) {
      for (const c of suite.cases) {
        const sent = buildRequest(suite.prompt, suite.models[0]!, c.vars, { literal: true });
        const gh: Message[] = suite.prompt.data.messages.map((m) => ({
          role: m.role.toLowerCase() as Message["role"],
          content: ghTemplate(String(m.content ?? ""), c.vars),
        }));
        expect(sent.messages).toEqual(gh);
        rows++;
      }
    }
    expect(rows).toBe(13);
    const files = readdirSync(CORPUS, { recursive: true }).filter((f) => /\.ya?ml$/.test(`${f}`));
    expect(files).toHaveLength(9);
  });

  it("eval runs them against the endpoint with gh's results", async () => {
    const p = project(fake.server.url);
    fake.server.setHandler(handler);
    const before = fake.server.calls.length;
    const r = await runInProcess(["eval", "--report", "json"], {
      cwd: p.dir,
      env: { TEST_LLM_KEY: "k" },
    });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const calls = fake.server.calls.slice(before);
    const users = calls.map(lastUser);
    // A missing variable is sent as written; unicode and spaced names are substituted.
    expect(users).toContain("Hello Ada, your order {{order}} shipped.");
    expect(users).toContain("Hola / Grace / first / 7");
    // Aliases reach the request; the `id` field stays a variable.
    const summary = calls.find(
      (c) => lastUser(c) === "Ticket T-1: The app crashes when I upload a photo.",
    );
    expect(summary?.body).toMatchObject({ max_tokens: 100, top_p: 0.9, temperature: 0.2 });
    // The llm: judge is asked as written: system prompt untemplated, no response format.
    const judge = calls.find((c) => lastUser(c).startsWith("Grade:"));
    expect(judge?.body.messages).toEqual([
      { role: "system", content: "You grade answers. Keep {{braces}} as written." },
      expect.objectContaining({ role: "user" }),
    ]);
    expect(judge?.body.response_format).toBeUndefined();
    // github/fluency is judged by gh's default judge, openai/gpt-4o.
    expect(calls.some((c) => c.body.response_format && c.body.model === "gpt-4o")).toBe(true);
  }, 90_000);

  it("a failing row fails the run: minPassRate is 1 for prompt files", async () => {
    const p = project(fake.server.url);
    fake.server.setHandler((call) =>
      lastUser(call).startsWith("Grade:") ? { content: "Verdict: not good" } : handler(call),
    );
    const r = await runCli(["eval", "prompts/judge.prompt.yml"], {
      cwd: p.dir,
      env: { TEST_LLM_KEY: "k" },
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(1);
  }, 90_000);

  it("--json --json-format gh prints gh models eval's JSON, field for field", async () => {
    const p = tempProject({
      "llmops.yaml": `providers:
  openai:
    type: openai
    apiKeyEnv: TEST_LLM_KEY
    baseURL: ${fake.server.url}
    maxRetries: 0
`,
      "capital.prompt.yml": `name: capital
description: Names a capital
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Capital of {{country}}?"
testData:
  - country: France
  - country: Spain
evaluators:
  - name: says-paris
    string:
      contains: Paris
`,
    });
    fake.cleanup = p.cleanup;
    fake.server.setHandler((call) => ({
      content: lastUser(call).includes("France") ? "Paris" : "Madrid",
    }));
    const r = await runInProcess(["eval", "capital.prompt.yml", "--json", "--json-format", "gh"], {
      cwd: p.dir,
      env: { TEST_LLM_KEY: "k" },
    });
    // gh's rule: any failed test fails the run.
    expect(r.code).toBe(1);
    const gh = JSON.parse(r.stdout);
    expect(Object.keys(gh)).toEqual(["name", "description", "model", "testResults", "summary"]);
    expect(gh).toMatchObject({ name: "capital", description: "Names a capital" });
    expect(gh.model).toMatch(/gpt-4o-mini/);
    expect(gh.summary).toEqual({ totalTests: 2, passedTests: 1, failedTests: 1, passRate: 50 });
    expect(gh.testResults).toHaveLength(2);
    expect(gh.testResults[0]).toMatchObject({
      testCase: { country: "France" },
      modelResponse: "Paris",
      evaluationResults: [{ evaluatorName: "says-paris", score: 1, passed: true }],
    });
    expect(gh.testResults[1]).toMatchObject({
      testCase: { country: "Spain" },
      modelResponse: "Madrid",
      evaluationResults: [{ evaluatorName: "says-paris", score: 0, passed: false }],
    });
    const bad = await runInProcess(["eval", "capital.prompt.yml", "--json-format", "xml"], {
      cwd: p.dir,
      env: { TEST_LLM_KEY: "k" },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--json-format xml is not a JSON format/);
  }, 90_000);
});
