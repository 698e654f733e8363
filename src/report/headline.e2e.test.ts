/**
 * The headline of the terminal and of report.md comes from the decision that sets the exit code:
 * a run in which every call failed never reads PASSED, and suites without a baseline are "new",
 * not "compared".
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

const t = useFakeOpenAI();

const env = { TEST_LLM_KEY: "sk-test-headline-0123456789" };

function project(cases: string[]) {
  const p = evalProject({ baseURL: t.server.url, cases });
  t.cleanup = p.cleanup;
  return p;
}

function report(dir: string): string {
  const runs = join(dir, ".llmops/runs");
  const [run] = readdirSync(runs);
  return readFileSync(join(runs, run!, "report.md"), "utf8");
}

describe("the headline agrees with the exit code", () => {
  it("every call failed: exit 3, and neither the terminal nor report.md says PASSED", async () => {
    // A 400 is not systemic, so the run completes with every trial an error.
    t.server.setHandler(() => ({ kind: "error", status: 400, message: "bad temperature" }));
    const p = project(["a", "b"]);
    const r = await runCli(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stdout).not.toContain("PASSED");
    expect(r.stdout).toContain("COULD NOT COMPLETE: every call failed for echo [fake]");
    const md = report(p.dir);
    expect(md).not.toContain("PASSED");
    expect(md).toContain("❌ COULD NOT COMPLETE: every call failed for echo &#91;fake&#93;");
  });

  it("suites without a baseline are new, not compared", async () => {
    t.server.setHandler(() => ({ content: "ok" }));
    const p = project(["a", "b"]);
    const r = await runInProcess(["eval"], { cwd: p.dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("compared");
    expect(r.stdout).toContain("NO BASELINE YET: 1 suite new");
    expect(report(p.dir)).toContain("✅ NO BASELINE YET: 1 suite new");
  });
});
