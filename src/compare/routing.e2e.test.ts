import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastUser } from "../test-support/eval-project.js";
import { runCli, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-route" };
const t = useFakeOpenAI();

/**
 * 8 easy and 4 hard cases on two models: `big` (10 $/M input tokens) answers all, `mini`
 * (1 $/M) fails the hard ones. Every call is 1,000 input tokens: $0.01 on big, $0.001 on mini.
 */
function project() {
  const rows = [
    ...Array.from({ length: 8 }, (_, i) => `  - { id: e${i}, vars: { q: e${i} }, route: cheap }\n`),
    ...Array.from(
      { length: 4 },
      (_, i) => `  - { id: h${i}, vars: { q: h${i} }, tags: [hard], route: strong }\n`,
    ),
  ];
  const p = tempProject({
    "llmops.yaml": `providers:
  local: { type: openai, apiKeyEnv: TEST_LLM_KEY, baseURL: "${t.server.url}", maxRetries: 0 }
models:
  big: { provider: local, id: big-model, price: { input: 10, output: 10 } }
  mini: { provider: local, id: mini-model, price: { input: 1, output: 1 } }
`,
    "prompts/answer.prompt.yml":
      "name: answer\nmodel: big\nmessages:\n  - role: user\n    content: 'Q: {{q}}'\n",
    "evals/answer.eval.yml": `prompt: ../prompts/answer.prompt.yml
models: [big, mini]
gate: { margin: 0.3 }
scorers:
  - { type: contains, value: ok }
routing:
  routes: { cheap: mini, strong: big }
  routers:
    - name: by-tag
      rules:
        - { when: { tag: hard }, route: strong }
      default: cheap
    - name: all-cheap
      default: cheap
cases:
${rows.join("")}`,
  });
  t.cleanup = p.cleanup;
  t.server.setHandler((call) => {
    const q = lastUser(call).replace(/^Q: /, "");
    const fails = call.body.model === "mini-model" && q.startsWith("h");
    return { content: fails ? "no" : "ok", usage: { prompt_tokens: 1000, completion_tokens: 0 } };
  });
  return p;
}

describe("routing: rule routers evaluated from a matrix run", () => {
  it("reports routed quality, saving and accuracy per router, with no extra call", async () => {
    const p = project();
    const before = t.server.calls.length;
    const out = join(p.dir, "run");
    const r = await runCli(["eval", "--report", "json", "--out", out], { cwd: p.dir, env });
    expect(r.stderr).not.toMatch(/^error/m);
    // Each case once per model: a rule router calls nothing.
    expect(t.server.calls.length - before).toBe(24);
    expect(r.stdout).toContain(
      "Routing: answer: router by-tag is not worse than always big by more than 30.0 points and saves 60.0%",
    );
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const [routing] = report.routing;
    expect(routing).toMatchObject({
      suite: "answer",
      reference: "big",
      referenceCostPerCase: 0.01,
    });
    const [byTag, allCheap] = routing.routers;
    expect(byTag).toMatchObject({
      router: "by-tag",
      cases: 12,
      meanScore: 1,
      nonInferior: true,
      costPerCase: 0.004,
      routerCostPerCase: 0,
      savingPct: 0.6,
      accuracy: 1,
      labelled: 12,
    });
    expect(byTag.routes).toMatchObject([
      { route: "cheap", model: "mini", cases: 8, meanScore: 1, costPerCase: 0.001 },
      { route: "strong", model: "big", cases: 4, meanScore: 1, costPerCase: 0.01 },
    ]);
    // Always-mini saves 90% but fails the 4 hard cases: a drop of 1/3, beyond the margin.
    expect(allCheap).toMatchObject({
      router: "all-cheap",
      meanScore: 0.666667,
      drop: 0.333333,
      nonInferior: false,
      savingPct: 0.9,
      accuracy: 0.666667,
    });
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain("### Routing");
    // A route no case took is left out of the per-route table.
    expect(md).not.toMatch(/<code>all-cheap<\/code> \| <code>strong<\/code>/);
    expect(md).toMatch(
      /<code>by-tag<\/code> \| 12 \| 1\.000 \| 0\.000 \| yes \(≤ 26\.5%\) \| \$0\.0040 \| 60\.0% \| 100\.0% of 12 \|/,
    );
  }, 90_000);

  it("a route to a model the suite does not run is a located validation error", async () => {
    const p = project();
    const file = join(p.dir, "evals/answer.eval.yml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("strong: big }", "strong: huge }")
        .replace("route: strong }", "route: strongest }"),
    );
    const r = await runCli(["validate"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: route "strong" sends to huge, which the suite does not run/,
    );
    expect(r.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: route "strongest" is not one of routing\.routes/,
    );
  }, 60_000);
});
