import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-fair" };
const t = useFakeOpenAI();

/** 30 English and 30 French cases; the server fails the French questions in `failing`. */
function project(groupBy: string, gate = "gate: { maxGroupGap: 0.1 }\n") {
  const rows = ["en", "fr"].flatMap((lang) =>
    Array.from(
      { length: 30 },
      (_, i) =>
        `  - { id: ${lang}${i}, vars: { q: "${lang}${i}", lang: ${lang} }, tags: ["lang:${lang}"] }\n`,
    ),
  );
  const p = tempProject({
    "llmops.yaml": `providers:
  local: { type: openai, apiKeyEnv: TEST_LLM_KEY, baseURL: "${t.server.url}", maxRetries: 0 }
models:
  fake: { provider: local, id: fake-model }
`,
    "prompts/answer.prompt.yml":
      "name: answer\nmodel: fake\nmessages:\n  - role: user\n    content: 'Q: {{q}}'\n",
    "evals/answer.eval.yml": `description: answers in two languages
prompt: ../prompts/answer.prompt.yml
groupBy: "${groupBy}"
${gate}scorers:
  - { type: contains, value: ok }
cases:
${rows.join("")}`,
  });
  t.cleanup = p.cleanup;
  return p;
}

function answer(failFrench: number) {
  t.server.setHandler((call) => {
    const q = lastUser(call).replace(/^Q: /, "");
    const n = Number(q.slice(2));
    return { content: q.startsWith("fr") && n < failFrench ? "no" : "ok" };
  });
}

describe("the fairness gate in llmops eval (groupBy + gate.maxGroupGap)", () => {
  it("a significant gap between groups fails the run with exit 1, by tag", async () => {
    answer(12);
    const p = project("tag:lang");
    const r = await runCli(["eval", "--json"], { cwd: p.dir, env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const check = out.comparison.suites[0].checks.find(
      (c: { name: string }) => c.name === "groupGap",
    );
    expect(check.status).toBe("fail");
    expect(check.detail).toContain("worst fr 40.0% (12/30), best en 0.0% (0/30)");
    const md = readFileSync(join(out.runDir, "report.md"), "utf8");
    expect(md).toContain("groupGap");
  });

  it("the same cases grouped by a variable; an even spread passes", async () => {
    answer(1);
    const p = project("vars.lang");
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/FAILED/);
  });

  it("maxGroupGap without groupBy is a located validation error (exit 2)", async () => {
    answer(0);
    const p = project("vars.lang");
    const file = join(p.dir, "evals/answer.eval.yml");
    const text = readFileSync(file, "utf8").replace('groupBy: "vars.lang"\n', "");
    writeFileSync(file, text);
    const r = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(
      /answer\.eval\.yml:3:\d+.*maxGroupGap needs the suite's groupBy/,
    );
  });
});
