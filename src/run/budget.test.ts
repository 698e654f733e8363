import { afterEach, describe, expect, it } from "vitest";
import { resolveModel } from "../provider/models.js";
import { countChat, loadEncoder } from "../provider/tokens.js";
import { loadProject } from "../suite/load-project.js";
import { tempProject } from "../test-support/project.js";
import { budgetProfiles, overBudget, taskRequest } from "./budget.js";
import { planRun } from "./plan.js";

// One test makes three projects: each is removed, not only the last.
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** These projects define no model aliases: each model's id is its name. */
const BY_NAME = { resolve: (model: string) => ({ id: model }) };

const SYSTEM = "You answer questions about the document. Be brief.";

async function tasks(suiteBudget: string, maxTokens = "") {
  const p = tempProject({
    "llmops.yaml": "providers: {}\n",
    "prompts/qa.prompt.yml": `name: qa\nmodel: gpt-4o-mini\nmodelParameters: { temperature: 0${maxTokens} }
messages:
  - { role: system, content: "${SYSTEM}" }
  - { role: user, content: "Document: {{doc}}\\nQuestion: {{question}}" }
llmops:
  budget: { inputTokens: 5000, outputTokens: 100 }
`,
    "evals/qa.eval.yml": `prompt: ../prompts/qa.prompt.yml
trials: 2
${suiteBudget}cases:
  - { id: short, vars: { doc: "Cats sleep.", question: "Do cats sleep?" } }
  - { id: long, vars: { doc: "${"The quick brown fox jumps over the lazy dog. ".repeat(20).trim()}", question: "Who jumps?" } }
`,
  });
  cleanups.push(p.cleanup);
  const { project, problems } = await loadProject({ cwd: p.dir });
  expect(problems).toEqual([]);
  return planRun(project?.suites ?? []);
}

describe("token budgets", () => {
  it("the suite's budget overrides the prompt's field by field", async () => {
    const ts = await tasks("budget: { inputTokens: 60 }\n");
    expect(ts[0]!.suite.budget).toEqual({ inputTokens: 60, outputTokens: 100 });
  });

  it("outputTokens caps maxTokens: sets it when absent, lowers it when higher", async () => {
    expect(taskRequest((await tasks(""))[0]!).maxTokens).toBe(100);
    expect(taskRequest((await tasks("", ", maxTokens: 500"))[0]!).maxTokens).toBe(100);
    expect(taskRequest((await tasks("", ", maxTokens: 40"))[0]!).maxTokens).toBe(40);
  });

  it("refuses exactly the requests whose counted input is over inputTokens", async () => {
    const ts = await tasks("budget: { inputTokens: 60 }\n");
    const encode = await loadEncoder("o200k_base");
    for (const t of ts) {
      const req = taskRequest(t);
      const n = countChat(encode, req.messages).total;
      const refused = await overBudget(t, req, BY_NAME);
      expect(refused === undefined).toBe(n <= 60);
      if (refused) {
        expect(refused.class).toBe("over_budget");
        expect(refused.message).toBe(
          `input is ${n} tokens (o200k_base), over budget.inputTokens 60; no call was made`,
        );
      }
    }
    // Both sides are exercised: the long case (both trials) is refused, the short one is not.
    const refused = await Promise.all(
      ts.map(async (t) => (await overBudget(t, taskRequest(t), BY_NAME))?.class),
    );
    expect(refused).toEqual(ts.map((t) => (t.case.id === "long" ? "over_budget" : undefined)));
    // The count is of the request given, not of the task's own.
    expect(
      await overBudget(ts.find((t) => t.case.id === "long")!, taskRequest(ts[0]!), BY_NAME),
    ).toBe(undefined);
  });

  it("profiles the input: p95 and max per case, shares per variable and message, context window", async () => {
    const ts = await tasks("budget: { inputTokens: 60 }\n");
    const profiles = await budgetProfiles(ts, BY_NAME);
    const b = profiles.get("qa\u0000gpt-4o-mini")!;
    const encode = await loadEncoder("o200k_base");
    const counts = ts
      .filter((t) => t.trial === 0)
      .map((t) => countChat(encode, taskRequest(t).messages));
    const all = counts.reduce((n, c) => n + c.total, 0);
    const max = Math.max(...counts.map((c) => c.total));
    const min = Math.min(...counts.map((c) => c.total));
    expect(b.input).toEqual({
      // Two cases: the 95th percentile interpolates 95% of the way from the smaller to the larger.
      p95: Math.round(min + 0.95 * (max - min)),
      max,
      contextWindow: 128_000,
    });
    expect(b.overBudget).toBe(counts.filter((c) => c.total > 60).length);
    const docTokens =
      encode("Cats sleep.").length +
      encode("The quick brown fox jumps over the lazy dog. ".repeat(20).trim()).length;
    expect(b.perVariable[0]).toEqual({
      name: "doc",
      share: Number((docTokens / all).toPrecision(6)),
    });
    expect(b.perVariable.map((v) => v.name)).toEqual(["doc", "question"]);
    const system = counts.reduce((n, c) => n + c.perMessage[0]!, 0);
    expect(b.perMessage).toEqual([
      { role: "system", share: Number((system / all).toPrecision(6)) },
      { role: "user", share: Number(((all - system - 6) / all).toPrecision(6)) },
    ]);
  });

  it("counts with the tokenizer and context window of the model an alias names", async () => {
    const p = tempProject({
      "llmops.yaml": "models:\n  house: { id: gpt-4-turbo }\n",
      "prompts/qa.prompt.yml":
        "name: qa\nmodel: house\nmessages: [{ role: user, content: '{{q}}' }]\nllmops:\n  budget: { inputTokens: 3 }\n",
      "evals/qa.eval.yml":
        "prompt: ../prompts/qa.prompt.yml\ncases: [{ id: a, vars: { q: a question longer than the budget } }]\n",
    });
    cleanups.push(p.cleanup);
    const { project } = await loadProject({ cwd: p.dir });
    const models = { resolve: (m: string) => resolveModel(project!.config, m) };
    const [t] = planRun(project!.suites);
    const n = countChat(await loadEncoder("cl100k_base"), taskRequest(t!).messages).total;
    // gpt-4-turbo's own tokenizer, exact: not o200k_base as an approximation for "house".
    expect((await overBudget(t!, taskRequest(t!), models))?.message).toBe(
      `input is ${n} tokens (cl100k_base), over budget.inputTokens 3; no call was made`,
    );
    const b = (await budgetProfiles([t!], models)).get("qa\u0000house")!;
    expect(b.input.contextWindow).toBe(128_000);
  });

  it("a suite without a budget has no profile and refuses nothing", async () => {
    const p = tempProject({
      "llmops.yaml": "providers: {}\n",
      "prompts/qa.prompt.yml":
        "name: qa\nmodel: gpt-4o-mini\nmessages: [{ role: user, content: '{{q}}' }]\n",
      "evals/qa.eval.yml": "prompt: ../prompts/qa.prompt.yml\ncases: [{ id: a, vars: { q: x } }]\n",
    });
    cleanups.push(p.cleanup);
    const ts = planRun((await loadProject({ cwd: p.dir })).project?.suites ?? []);
    expect(ts).toHaveLength(1);
    expect(await budgetProfiles(ts, BY_NAME)).toEqual(new Map());
    expect(await overBudget(ts[0]!, taskRequest(ts[0]!), BY_NAME)).toBeUndefined();
    expect(taskRequest(ts[0]!).maxTokens).toBeUndefined();
  });
});
