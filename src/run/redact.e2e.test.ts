/**
 * Nothing llmops writes holds the API key, and with --redact no PII or secret either: fixtures,
 * the run folder (recordings journal, call log, results, reports) and the cache (issue 11, item 8).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const KEY = "sk-test-ECHOED-KEY-must-never-be-stored-0123456789";
const EMAIL = "jane.doe@example.com";

const t = useFakeOpenAI();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe("what llmops stores", () => {
  it("--record --redact: the echoed key and PII are in no file written", async () => {
    // A model that echoes the caller's key and a customer's address.
    t.server.setHandler(() => ({ content: `ok, your key is ${KEY}; mail ${EMAIL}` }));
    const p = evalProject({ baseURL: t.server.url, cases: ["a", "b"] });
    t.cleanup = p.cleanup;
    const r = await runCli(["eval", "--record", "--redact"], {
      cwd: p.dir,
      env: { TEST_LLM_KEY: KEY },
    });
    expect(r.code).toBe(0);
    const written = [...filesUnder(join(p.dir, "fixtures")), ...filesUnder(join(p.dir, ".llmops"))];
    expect(written.some((f) => f.includes(".llmops/cache"))).toBe(true);
    expect(written.some((f) => f.endsWith("recordings.jsonl"))).toBe(true);
    for (const f of written) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toContain(KEY);
      expect(text, f).not.toContain(EMAIL);
    }
    expect(r.stdout).not.toContain(KEY);
  });

  it("--redact: PII in a case's input is in no file written either", async () => {
    t.server.setHandler(() => ({ content: "no" }));
    const p = evalProject({ baseURL: t.server.url, cases: [`write to ${EMAIL}`] });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--record", "--redact"], {
      cwd: p.dir,
      env: { TEST_LLM_KEY: KEY },
    });
    expect(r.code).toBe(0);
    const written = [...filesUnder(join(p.dir, "fixtures")), ...filesUnder(join(p.dir, ".llmops"))];
    const leaks = written.filter((f) => readFileSync(f, "utf8").includes(EMAIL));
    expect(leaks).toEqual([]);
  });

  it("without --redact the key is still scrubbed from recordings and the cache", async () => {
    t.server.setHandler(() => ({ content: `ok, your key is ${KEY}` }));
    const p = evalProject({ baseURL: t.server.url, cases: ["a"] });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--record"], { cwd: p.dir, env: { TEST_LLM_KEY: KEY } });
    expect(r.code).toBe(0);
    for (const f of [...filesUnder(join(p.dir, "fixtures")), ...filesUnder(join(p.dir, ".llmops"))])
      expect(readFileSync(f, "utf8"), f).not.toContain(KEY);
  });
});
