import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../test-support/project.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "llmops-examples-"));
  for (const f of ["llmops.yaml", "prompts", "evals", "fixtures"])
    cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Nothing may leave the machine: a base URL that answers nothing, and no key.
const offline = { OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };

// The three read the examples and write only their own run folders: they run at once.
describe("the bundled examples (the README's quick start)", () => {
  it.concurrent("npx llmops eval runs every example offline from recordings and fails no gate", async () => {
    const r = await runCli(["eval"], { cwd: dir, env: offline, timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    // Nothing changed, but the example suites are too small to rule out a drop the size of their
    // margins: INCONCLUSIVE, a warning that exits 0 (docs/gate.md).
    expect(r.stdout).toContain(
      "INCONCLUSIVE: 6 suites: classify-ticket [gpt-4o-mini], extract-order",
    );
    expect(r.stdout).toContain("classify-ticket [gpt-4o-mini]: no case changed");
    expect(r.stdout).not.toMatch(/FAILED|COULD NOT COMPLETE/);
    for (const suite of [
      "classify-ticket",
      "extract-order",
      "guardrails",
      "sample",
      "support-judge",
      "support-reply",
      "which-model",
    ])
      expect(r.stdout).toContain(suite);
    expect(r.stdout).toContain(
      "Which model: which-model: gpt-4.1-nano is the cheapest model not worse than gpt-4o-mini",
    );
  });

  it("the matrix example names the cheaper non-inferior model in every report", async () => {
    const out = join(dir, "which-model-run");
    const r = await runCli(
      ["eval", "evals/which-model.eval.yml", "--report", "json", "--out", out],
      { cwd: dir, env: offline },
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const [choice] = report.modelChoices;
    expect(choice.reference).toBe("gpt-4o-mini");
    expect(choice.recommended.model).toBe("gpt-4.1-nano");
    // Prices of llmops.yaml: nano costs 2/3 of mini per token, so a third less per case.
    expect(choice.recommended.savingPct).toBeCloseTo(1 / 3, 2);
    expect(choice.models.map((m: { model: string }) => m.model)).toEqual([
      "gpt-4.1-nano",
      "gpt-4o-mini",
    ]);
    // Its rule router: hard tickets to the reference, the rest to nano; read from the same run.
    const [router] = report.routing[0].routers;
    expect(router).toMatchObject({ router: "hard-to-large", cases: 40, nonInferior: true });
    expect(router.savingPct).toBeGreaterThan(0.2);
    expect(router.savingPct).toBeLessThan(1 / 3);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain("### Which model");
    expect(md).toMatch(/<code>seats-charged-after-removal<\/code> \| ❌ \| ✅/);
  });

  it("--reference picks the model the others are compared with", async () => {
    const r = await runCli(
      [
        "eval",
        "evals/which-model.eval.yml",
        "--model",
        "gpt-4o-mini",
        "--model",
        "gpt-4.1-nano",
        "--reference",
        "gpt-4.1-nano",
      ],
      { cwd: dir, env: offline },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "which-model: no model cheaper than gpt-4.1-nano is shown within 10.0 pts of it",
    );
  });

  it("--reference must be one of the models that run", async () => {
    const r = await runCli(
      [
        "eval",
        "evals/which-model.eval.yml",
        "--model",
        "gpt-4o-mini",
        "--reference",
        "gpt-4.1-nano",
      ],
      { cwd: dir, env: offline },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--reference gpt-4.1-nano is not one of the --model flags");
    // Without --model: a model the suite does not run is refused before any call.
    const typo = await runCli(["eval", "evals/which-model.eval.yml", "--reference", "gpt-4o-mni"], {
      cwd: dir,
      env: offline,
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "--reference gpt-4o-mni is not a model this run calls (gpt-4.1-nano, gpt-4o-mini)",
    );
    expect(typo.stderr).not.toMatch(/\n\s+at /);
  });

  it.concurrent("judge check measures the groundedness judge against the human labels", async () => {
    const r = await runCli(["judge", "check", "evals/support-judge.eval.yml", "--json"], {
      cwd: dir,
      env: offline,
    });
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout).scorers;
    // 10 labels: one false pass (an invented replay feature), one false fail (a fine handover).
    expect(row).toMatchObject({
      suite: "support-judge",
      scorer: "groundedness",
      n: 10,
      accuracy: 0.8,
      confusion: { truePass: 5, trueFail: 3, falsePass: 1, falseFail: 1 },
    });
    expect(row.kappa).toBeCloseTo(0.5833, 3);
  });

  it.concurrent("the reports in the README are what the examples produce", async () => {
    // Spawned without blocking, so the other two run meanwhile.
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, "scripts/readme-report.mjs"), "--check"],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH } },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const status = await new Promise<number | null>((done) => child.on("close", done));
    const r = { stderr, status };
    expect(r.stderr).toContain("README.md: the example reports are current");
    expect(r.status).toBe(0);
  });
});
