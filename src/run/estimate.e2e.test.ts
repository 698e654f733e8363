import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeChat } from "gpt-tokenizer/model/gpt-4o";
import { describe, expect, it } from "vitest";
import { localProvider } from "../test-support/eval-project.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const env = { TEST_LLM_KEY: "sk-test-estimate-0123456789" };
const t = useFakeOpenAI();
// Loading the tokenizer's tables takes seconds on a loaded machine: each subprocess loads them
// again, so the tests run the CLI in this process (runInProcess) but the one that proves the
// binary's exit code.
const SLOW = 90_000;
const QS = ["alpha", "a longer question about the refund policy of annual plans", "gamma"];

/** A priced gpt-4o-mini ($1 / $2 per million) on the fake server, three cases, maxTokens 100. */
function project(baseURL: string) {
  const cases = QS.map((q, i) => `  - id: c${i}\n    vars: { q: "${q}" }\n`).join("");
  return tempProject({
    "llmops.yaml": `${localProvider(baseURL)}models:
  mini:
    provider: local
    id: gpt-4o-mini
    price: { input: 1, output: 2 }
  other:
    provider: local
    id: some-local-model
    price: { input: 1, output: 2 }
`,
    "prompts/ask.prompt.yml":
      "name: ask\nmodel: mini\nmodelParameters: { temperature: 0, maxTokens: 100 }\nmessages:\n  - role: system\n    content: You answer support questions in one sentence.\n  - role: user\n    content: 'Q: {{q}}'\n",
    "evals/ask.eval.yml": `description: ask
prompt: ../prompts/ask.prompt.yml
scorers:
  - { type: contains, value: ok }
cases:
${cases}`,
  });
}

/** gpt-tokenizer's own chat encoding of the request, as the reference count. */
const reference = (q: string) =>
  encodeChat([
    { role: "system", content: "You answer support questions in one sentence." },
    { role: "user", content: `Q: ${q}` },
  ]).length;

describe("llmops estimate", { timeout: 4 * SLOW }, () => {
  it("counts every request, prices the live calls as a range, and calls nothing", async () => {
    const p = project(t.server.url);
    t.cleanup = p.cleanup;
    const before = t.server.calls.length;
    const r = await runInProcess(["estimate", "--json"], { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(t.server.calls.length).toBe(before);
    const { estimate } = JSON.parse(r.stdout);
    const row = estimate.rows[0];
    const input = QS.map(reference).reduce((a, b) => a + b, 0);
    expect(row).toMatchObject({
      suite: "ask",
      model: "mini",
      encoding: "o200k_base",
      exact: true,
      calls: { live: 3, replayed: 0, cached: 0 },
      inputTokens: { all: input, live: input },
      contextWindow: 128_000,
      outputTokens: { expected: 0, max: 300 },
    });
    expect(row.costUsd.low).toBeCloseTo(input / 1e6, 12);
    expect(row.costUsd.high).toBeCloseTo((input + 300 * 2) / 1e6, 12);
    expect(existsSync(join(p.dir, ".llmops/runs"))).toBe(false);

    // A --batch run pays batchDiscount (here 0.25) of it; a budget between the two prices
    // refuses the plain run and lets the batch run start.
    writeFileSync(
      join(p.dir, "llmops.yaml"),
      `batchDiscount: 0.25\n${readFileSync(join(p.dir, "llmops.yaml"), "utf8")}`,
    );
    const budget = String(((input + 300 * 2) / 1e6) * 0.5);
    const b = await runInProcess(["estimate", "--batch", "--json", "--max-cost", budget], {
      cwd: p.dir,
      env,
    });
    expect(b.code, b.stderr).toBe(0);
    const brow = JSON.parse(b.stdout).estimate.rows[0];
    expect(brow.batchDiscount).toBe(0.25);
    expect(brow.costUsd.low).toBeCloseTo((input / 1e6) * 0.25, 12);
    expect(brow.costUsd.high).toBeCloseTo(((input + 300 * 2) / 1e6) * 0.25, 12);
    const plain = await runInProcess(["estimate", "--max-cost", String(input / 1e6 / 2)], {
      cwd: p.dir,
      env,
    });
    expect(plain.code).toBe(4);
    const text = await runInProcess(["estimate", "--batch"], { cwd: p.dir, env });
    expect(text.stdout).toContain("--batch: the model calls are priced at x0.25 (batchDiscount)");
  });

  it("splits recorded from live calls and uses the recordings' mean output", async () => {
    t.server.setHandler(() => ({
      content: "ok, done",
      usage: { prompt_tokens: 30, completion_tokens: 8 },
    }));
    const p = project(t.server.url);
    t.cleanup = p.cleanup;
    expect((await runInProcess(["eval", "--record"], { cwd: p.dir, env })).code).toBe(0);
    const replayed = await runInProcess(["estimate", "--json"], { cwd: p.dir, env });
    const rows = JSON.parse(replayed.stdout).estimate.rows;
    expect(rows[0].calls).toEqual({ live: 0, replayed: 3, cached: 0 });
    // Forced live: the output estimate is the recordings' mean (8 tokens) per call.
    const live = JSON.parse(
      (await runInProcess(["estimate", "--record", "--json"], { cwd: p.dir, env })).stdout,
    );
    expect(live.estimate.rows[0].outputTokens).toEqual({ expected: 24, max: 300, observedMean: 8 });
    // --live reads no recording either, as eval --live calls.
    const liveOnly = JSON.parse(
      (await runInProcess(["estimate", "--live", "--json"], { cwd: p.dir, env })).stdout,
    );
    expect(liveOnly.estimate.rows[0].calls).toEqual({ live: 3, replayed: 0, cached: 0 });
    // A model without a known tokenizer is counted, and says it is approximate.
    const other = await runInProcess(["estimate", "--model", "other"], {
      cwd: p.dir,
      env,
    });
    expect(other.code).toBe(0);
    expect(other.stdout).toContain("≈ approximate: no known tokenizer for other");
    expect(other.stdout).toMatch(/total: 3 live, 0 replayed, 0 cached/);
  });

  it("eval --max-cost refuses a run whose lower estimate is over the budget, before any call", async () => {
    const p = project(t.server.url);
    t.cleanup = p.cleanup;
    const before = t.server.calls.length;
    // The binary itself: exit 4 and one message, no stack trace.
    const r = await runCli(["eval", "--max-cost", "0.00001"], { cwd: p.dir, env, timeoutMs: SLOW });
    expect(r.code).toBe(4);
    // No recordings: the lower estimate is the input alone, $1 per million tokens.
    const input = QS.map(reference).reduce((a, b) => a + b, 0);
    expect(r.stderr).toContain(
      `the run would cost at least $${(input / 1e6).toPrecision(2)} (3 live calls, ${input} input tokens), over --max-cost $0.00001`,
    );
    expect(r.stderr).toContain("llmops estimate");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(t.server.calls.length).toBe(before);
    // estimate says the same with the same exit code; a budget over the estimate runs.
    expect(
      (await runInProcess(["estimate", "--max-cost", "0.00001"], { cwd: p.dir, env })).code,
    ).toBe(4);
    t.server.setHandler(() => ({ content: "ok" }));
    expect((await runInProcess(["eval", "--max-cost", "1"], { cwd: p.dir, env })).code).toBe(0);
    expect(t.server.calls.length).toBe(before + 3);
  });

  it("leaves out of the live calls and the cost a request the run refuses over its token budget", async () => {
    const p = project(t.server.url);
    t.cleanup = p.cleanup;
    const [short, long] = [reference(QS[0]!), reference(QS[1]!)];
    const suite = join(p.dir, "evals/ask.eval.yml");
    writeFileSync(
      suite,
      readFileSync(suite, "utf8").replace(
        "scorers:",
        `budget: { inputTokens: ${long - 1} }\nscorers:`,
      ),
    );
    const r = await runInProcess(["estimate", "--json"], { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(0);
    const row = JSON.parse(r.stdout).estimate.rows[0];
    const all = QS.map(reference).reduce((a, b) => a + b, 0);
    // The long question is over budget: never sent, so neither a live call nor a cost.
    expect(row.calls.live).toBe(2);
    expect(row.inputTokens).toMatchObject({ all, live: all - long });
    expect(short).toBeLessThan(long);
    expect(row.costUsd.low).toBeCloseTo((all - long) / 1e6, 12);
  });

  it("eval --dry-run prints the estimate and calls nothing", async () => {
    const p = project(t.server.url);
    t.cleanup = p.cleanup;
    const before = t.server.calls.length;
    const r = await runInProcess(["eval", "--dry-run"], { cwd: p.dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ask\s+mini\s+3\s+0\s+0/);
    expect(r.stdout).toContain("total: 3 live");
    expect(t.server.calls.length).toBe(before);
    expect(existsSync(join(p.dir, ".llmops/runs"))).toBe(false);
  });

  it("validate warns when a prompt puts a variable before a long static text", async () => {
    const manual = "Refunds of annual plans are prorated by the unused days. ".repeat(130);
    const p = project(t.server.url);
    t.cleanup = p.cleanup;
    writeFileSync(
      join(p.dir, "prompts/ask.prompt.yml"),
      `name: ask\nmodel: mini\nmessages:\n  - role: system\n    content: 'Customer {{q}}. ${manual}'\n`,
    );
    const r = await runInProcess(["validate"], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /warning prompts\/ask\.prompt\.yml: \{\{q\}\} in message 1 comes before \d{4} static tokens/,
    );
    expect(r.stderr).toContain("put the static instructions and examples first");
    const json = JSON.parse((await runInProcess(["validate", "--json"], { cwd: p.dir })).stdout);
    expect(json.warnings).toHaveLength(1);
    // The bundled-style prompt (variables last) gets no warning.
    const q = project(t.server.url);
    const ok = await runInProcess(["validate"], { cwd: q.dir });
    q.cleanup();
    expect(ok.stderr).not.toContain("warning");
  });
});
