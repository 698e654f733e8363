import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Most tests here run the CLI in this process (runInProcess: main() with captured output, the
// binary's code path minus bin/), ~2.5x faster; the ones that prove the binary's exit code and
// files run it as a subprocess (runCli).

const env = { TEST_LLM_KEY: "sk-test-route" };
const t = useFakeOpenAI();

/**
 * 8 easy and 4 hard cases on two models: `big` (10 $/M input tokens) answers all, `mini`
 * (1 $/M) fails the hard ones. Every call is 1,000 input tokens: $0.01 on big, $0.001 on mini.
 */
function project(hard = 4) {
  const rows = [
    ...Array.from({ length: 8 }, (_, i) => `  - { id: e${i}, vars: { q: e${i} }, route: cheap }\n`),
    ...Array.from(
      { length: hard },
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
    const r = await runInProcess(["eval", "--report", "json", "--out", out], { cwd: p.dir, env });
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

  it("routing.gate: the run fails when the router the suite ships loses quality", async () => {
    // 6 hard cases of 14, all lost by mini: significant even at the router's share of alpha.
    const p = project(6);
    const file = join(p.dir, "evals/answer.eval.yml");
    const suite = readFileSync(file, "utf8");
    const gated = (router: string) =>
      writeFileSync(file, suite.replace("  routers:\n", `  gate: ${router}\n  routers:\n`));

    gated("all-cheap");
    const out = join(p.dir, "run");
    const bad = await runCli(["eval", "--record", "--report", "json", "--out", out], {
      cwd: p.dir,
      env,
    });
    expect(bad.code, bad.stdout + bad.stderr).toBe(1);
    expect(bad.stdout).toContain("router all-cheap against always big: drop 42.9 points");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const big = report.suites.find((s: { model: string }) => s.model === "big");
    expect(big.verdict).toBe("fail");
    expect(big.comparison.checks).toContainEqual(
      expect.objectContaining({ name: "routing", status: "fail" }),
    );
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("it loses quality");

    // The router that keeps the hard cases on big: 14 unchanged cases bound the drop within 30 points.
    gated("by-tag");
    const good = await runCli(["eval", "--replay"], { cwd: p.dir, env: {} });
    expect(good.code, good.stdout + good.stderr).toBe(0);

    gated("nope");
    const v = await runCli(["validate"], { cwd: p.dir, env });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: routing\.gate names router "nope", which routing\.routers does not declare/,
    );
  }, 90_000);

  it("a route to a model the suite does not run is a located validation error", async () => {
    const p = project();
    const file = join(p.dir, "evals/answer.eval.yml");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("strong: big }", "strong: huge }")
        .replace("route: strong }", "route: strongest }"),
    );
    const r = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: route "strong" sends to huge, which the suite does not run/,
    );
    expect(r.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: route "strongest" is not one of routing\.routes/,
    );
  }, 60_000);
});

/**
 * The same project with an LLM router: `clf` asks `mini` (1 $/M, 100 input tokens a call: $0.0001)
 * which route each case takes. It is right on e0-e5 and h0-h2, sends e7 to strong, answers e6 with
 * no route (-> its default, strong), and its call for h3 fails with a 400.
 */
function llmProject() {
  const p = project();
  p.write({
    "prompts/route.prompt.yml":
      "name: route\nmodel: mini\nmessages:\n  - role: user\n    content: 'Which route for: {{q}}'\n",
  });
  const file = join(p.dir, "evals/answer.eval.yml");
  writeFileSync(
    file,
    readFileSync(file, "utf8").replace(
      "cases:\n",
      "    - { name: clf, prompt: ../prompts/route.prompt.yml, default: strong }\ncases:\n",
    ),
  );
  const answer = t.server;
  const models = (call: Parameters<Parameters<typeof answer.setHandler>[0]>[0]) => {
    const q = lastUser(call).replace(/^Q: /, "");
    const fails = call.body.model === "mini-model" && q.startsWith("h");
    return { content: fails ? "no" : "ok", usage: { prompt_tokens: 1000, completion_tokens: 0 } };
  };
  answer.setHandler((call) => {
    const user = lastUser(call);
    if (!user.startsWith("Which route for: ")) return models(call);
    const q = user.slice("Which route for: ".length);
    if (q === "h3") return { kind: "error", status: 400, message: "invalid request" };
    const content =
      q === "e6"
        ? "hmm, hard to say"
        : q === "e7" || q.startsWith("h")
          ? "Route: strong."
          : "cheap";
    return { content, usage: { prompt_tokens: 100, completion_tokens: 0 } };
  });
  return p;
}

describe("routing: an LLM router", () => {
  it("routes by its classifier's answers, counts unparsed and failed calls, pays its own calls, and replays offline", async () => {
    const p = llmProject();
    const before = t.server.calls.length;
    const out = join(p.dir, "run");
    const r = await runInProcess(["eval", "--record", "--report", "json", "--out", out], {
      cwd: p.dir,
      env,
    });
    expect(r.stderr).not.toMatch(/^error/m);
    // 24 model calls, and the router once per case (trial 0): 12.
    expect(t.server.calls.length - before).toBe(36);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const clf = report.routing[0].routers[2];
    // 11 cases compared (h3 left out): e0-e5 on mini ($0.001), e6, e7, h0-h2 on big ($0.01).
    expect(clf).toMatchObject({
      router: "clf",
      kind: "llm",
      model: "mini",
      cases: 11,
      meanScore: 1,
      drop: 0,
      unparsed: 1,
      routerErrors: 1,
      routerCostPerCase: 0.0001,
      labelled: 11,
      accuracy: 0.818182,
    });
    expect(clf.costPerCase).toBeCloseTo(0.056 / 11 + 0.0001, 8);
    expect(clf.savingPct).toBeCloseTo(1 - (0.056 / 11 + 0.0001) / 0.01, 5);
    expect(clf.routes).toMatchObject([
      { route: "cheap", cases: 6 },
      { route: "strong", cases: 5 },
    ]);
    expect(report.routing[0].routers[0]).toMatchObject({ kind: "rules", routerCostPerCase: 0 });
    // Every router call is in the audit log, kind "router", with its cost or its error.
    const calls = readFileSync(join(out, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const routerCalls = calls.filter((c) => c.kind === "router");
    expect(routerCalls).toHaveLength(12);
    expect(routerCalls.every((c) => c.scorer === "clf" && c.model === "mini")).toBe(true);
    expect(routerCalls.find((c) => c.case === "h3").error.class).toBe("bad_request");
    expect(routerCalls.find((c) => c.case === "e0").cost).toBeCloseTo(0.0001, 10);
    // The terminal and markdown reports show the router's own columns.
    // (The terminal wraps a wide table to 80 columns.)
    expect(r.stdout).toMatch(/ clf\s+11\s+1\.000 /);
    expect(r.stdout).toMatch(/unparsed/);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toMatch(
      /<code>clf<\/code> \| 11 \|.*\| \$0\.00010\/case on mini; 1 unparsed, 1 failed \|/,
    );

    // Offline: a replay answers every call, the router's too, from fixtures/; the same routing.
    t.server.setHandler(() => ({ kind: "error", status: 500, message: "must not be called" }));
    const replayed = t.server.calls.length;
    const out2 = join(p.dir, "run2");
    const r2 = await runInProcess(["eval", "--replay", "--report", "json", "--out", out2], {
      cwd: p.dir,
      env: {},
    });
    expect(r2.stderr).not.toMatch(/^error/m);
    expect(t.server.calls.length).toBe(replayed);
    const report2 = JSON.parse(readFileSync(join(out2, "report.json"), "utf8"));
    expect(report2.routing).toEqual(report.routing);
  }, 90_000);

  it("llmops estimate counts the router's calls beside the models', and --max-cost weighs them", async () => {
    const p = llmProject();
    const before = t.server.calls.length;
    const r = await runInProcess(["estimate", "--json"], { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(t.server.calls.length).toBe(before); // an estimate calls nothing
    const rows = JSON.parse(r.stdout).estimate.rows as {
      suite: string;
      model: string;
      router?: string;
      calls: { live: number };
      inputTokens: { live: number };
    }[];
    const router = rows.find((x) => x.router === "clf");
    // Once per case (trial 0), on the router's model, each request its rendered classifier prompt.
    expect(router).toMatchObject({ model: "mini", calls: { live: 12 } });
    expect(router!.inputTokens.live).toBeGreaterThan(12 * 5);
    expect(rows.filter((x) => x.router === undefined).map((x) => x.calls.live)).toEqual([12, 12]);
    const text = await runInProcess(["estimate"], { cwd: p.dir, env });
    // Its own row, named after the suite and the router (the 80-column table wraps the name).
    const routerRow = text.stdout
      .split("\n")
      .findIndex((l) => /^\s*answer\s+mini/.test(l) && /156/.test(l));
    expect(text.stdout.split("\n")[routerRow + 1]).toMatch(/^\s*\(router\b/);
    // The models' calls alone (~$0.00143) are within $0.0015; with the router's (~$0.00016) not.
    const over = await runInProcess(["eval", "--max-cost", "0.0015"], { cwd: p.dir, env });
    expect(over.code, over.stderr).toBe(4);
    expect(t.server.calls.length).toBe(before);
  }, 60_000);

  it("a replay without the router's recordings is refused before any call", async () => {
    const p = llmProject();
    const r = await runInProcess(["eval", "--replay"], { cwd: p.dir, env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no recorded response/);
  }, 60_000);

  it("validate checks the router's prompt, variables and model, located in the suite", async () => {
    const p = llmProject();
    const file = join(p.dir, "evals/answer.eval.yml");
    const text = readFileSync(file, "utf8");
    p.write({
      "prompts/route.prompt.yml":
        "name: route\nmodel: mini\nmessages:\n  - role: user\n    content: 'Which route for: {{question}}'\n",
    });
    writeFileSync(
      file,
      text.replace(
        "    - { name: clf, prompt: ../prompts/route.prompt.yml, default: strong }\n",
        "    - { name: clf, prompt: ../prompts/route.prompt.yml, model: mino, default: strong }\n" +
          "    - { name: gone, prompt: ../prompts/nope.prompt.yml, default: strong }\n" +
          "    - { name: both, prompt: ../prompts/route.prompt.yml, rules: [], default: strong }\n",
      ),
    );
    const r = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: routing\.routers\[4\]\.prompt: a router has either rules: \(a rule router\) or prompt: \(an LLM router\), not both/,
    );
    // Fix the schema error to see the rest.
    writeFileSync(file, readFileSync(file, "utf8").replace(/.*name: both.*\n/, ""));
    const r2 = await runInProcess(["validate"], { cwd: p.dir, env });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: router clf: model "mino" is not an alias/,
    );
    expect(r2.stderr).toMatch(/did you mean "mini"\?/);
    expect(r2.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: router clf: the prompt prompts\/route\.prompt\.yml uses \{\{question\}\}, which no case provides/,
    );
    expect(r2.stderr).toMatch(
      /answer\.eval\.yml:\d+:\d+: router gone: prompt: file not found: prompts\/nope\.prompt\.yml/,
    );
  }, 60_000);
});
