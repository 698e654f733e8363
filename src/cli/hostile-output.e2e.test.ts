import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai.js";
import { runCli, runInProcess } from "../test-support/project.js";

// Issue 11, items 11 and 13: what models and users write reaches no terminal, CI log or report
// as escape sequences or workflow commands; with --json, stdout is one JSON document.
const HOSTILE = [
  "\u001b[2J\u001b[H", // clear the screen, cursor home
  "\u001b]52;c;c3VkbyBybSAtcmYgfg==\u0007", // OSC 52: write the clipboard
  "\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\", // OSC 8 hyperlink
  "\u009b31m", // 8-bit CSI
  "\n::error title=model-injected::from the output",
  "\n  ##[error]legacy command",
].join("");
const NAME = "right queue\n::error title=name-injected::from a scorer name";

let server: FakeOpenAI;
let cleanup: (() => void) | undefined;
beforeAll(async () => {
  server = await startFakeOpenAI(() => ({ content: HOSTILE }));
});
afterAll(() => server.close());
afterEach(() => cleanup?.());

function project() {
  const p = evalProject({
    cases: ["ok-1", "ok-2"],
    baseURL: server.url,
    scorers: `  - { type: equals, value: ok, name: ${JSON.stringify(NAME)} }`,
  });
  cleanup = p.cleanup;
  return p;
}

const env = (dir: string) => ({
  TEST_LLM_KEY: "k",
  GITHUB_ACTIONS: "true",
  GITHUB_STEP_SUMMARY: join(dir, "step-summary.md"),
});

// ESC, BEL, the C1 controls (8-bit CSI, OSC, ST) and other C0 controls but tab and newline.
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Lines the Actions runner would execute: it trims leading white space, then looks for :: or ##[. */
const commands = (text: string) => text.split("\n").filter((l) => /^\s*(::|##\[)/.test(l));

describe("hostile model output and names", () => {
  it("reach the terminal and the CI log without escapes or injected workflow commands", async () => {
    const p = project();
    const r = await runCli(["eval", "--record", "--report", "markdown,junit,json"], {
      cwd: p.dir,
      env: env(p.dir),
    });
    expect(r.code).not.toBe(3);
    for (const stream of [r.stdout, r.stderr]) {
      expect(stream).not.toMatch(RAW_CONTROL);
      for (const line of commands(stream))
        expect(line).toMatch(
          /^::(error file=[^:,\n]+,line=\d+,title=[^:\n]+|notice title=llmops)::/,
        );
      expect(stream).not.toMatch(/^\s*::error title=(model|name)-injected/m);
      expect(stream).not.toMatch(/^\s*##\[error\]/m);
    }
    // Our own annotations still go out, on stderr, the injected text escaped inside them.
    expect(commands(r.stderr).length).toBeGreaterThan(0);
    expect(r.stderr).toContain("%0A::error title=name-injected");
    expect(commands(r.stdout)).toEqual([]);
  });

  it("reach no terminal through the commands that print a run afterwards", async () => {
    const p = project();
    const e = env(p.dir);
    await runInProcess(["eval", "--record"], { cwd: p.dir, env: e });
    const again = await runInProcess(["eval", "--replay"], { cwd: p.dir, env: e });
    expect(again.code).not.toBe(3);
    const runs = readdirSync(join(p.dir, ".llmops/runs")).sort();
    const printed = [
      await runInProcess(["report"], { cwd: p.dir, env: e }),
      await runInProcess(["diff", runs[0]!, runs[1]!], { cwd: p.dir, env: e }),
      await runInProcess(["label", "queue"], { cwd: p.dir, env: e }),
      // A variable holding what a production record held (monitor --export-cases).
      await runInProcess(["render", "echo", "--var", `q=${HOSTILE}`], { cwd: p.dir, env: e }),
    ];
    for (const r of printed) {
      expect(r.code, r.stderr).not.toBe(2);
      for (const stream of [r.stdout, r.stderr]) {
        expect(stream).not.toMatch(RAW_CONTROL);
        expect(commands(stream)).toEqual([]);
      }
    }
    // The hostile text was there to print, as text: the scorer name in the report.
    expect(printed[0]!.stdout).toContain("title=name-injected");
    expect(printed[3]!.stdout).toContain("title=model-injected::from the output");
  });

  it("leave no raw escapes in the markdown report or the job summary", async () => {
    const p = project();
    await runInProcess(["eval", "--record", "--report", "markdown"], {
      cwd: p.dir,
      env: env(p.dir),
    });
    const runs = join(p.dir, ".llmops/runs");
    const md = readFileSync(join(runs, readdirSync(runs)[0]!, "report.md"), "utf8");
    const summary = readFileSync(join(p.dir, "step-summary.md"), "utf8");
    for (const text of [md, summary]) {
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toMatch(RAW_CONTROL);
    }
  });
});

describe("eval --json under GitHub Actions (item 13)", () => {
  it("prints exactly one JSON document on stdout; annotations go to stderr", async () => {
    const p = project();
    const r = await runCli(["eval", "--record", "--json"], { cwd: p.dir, env: env(p.dir) });
    expect(r.code).not.toBe(3);
    const doc = JSON.parse(r.stdout) as { suites: unknown[] };
    expect(doc.suites.length).toBe(1);
    expect(r.stderr).toMatch(/^::error file=evals\/echo\.eval\.yml,line=\d+,/m);
  });
});
