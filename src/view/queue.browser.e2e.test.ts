import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../test-support/chromium.js";
import { lastUser, localProvider } from "../test-support/eval-project.js";
import type { RecordedCall } from "../test-support/fake-openai.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Issue 16: `llmops label queue` ranks the cases worth a human look; `--html` opens the view page
// on them. A judge (llm-classify) and a guardrail (pii) score a run on the local fake server.
const env = { TEST_LLM_KEY: "k" };
const t = useFakeOpenAI();
const answers: Record<string, string> = {
  calm: "a fine answer",
  disagree: "a fine answer too",
  close: "a meh answer",
  leak: "a fine answer, write to jane.doe@acme-corp.io",
};
let dir: string;
let browser: Browser;
let cleanup: (() => void) | undefined;

const isJudge = (call: RecordedCall) => call.body.model === "judge-model";

beforeAll(async () => {
  t.server.setHandler((call) => {
    if (!isJudge(call)) return { content: answers[lastUser(call)] ?? "?" };
    const seen = lastUser(call);
    return {
      content: JSON.stringify({
        reasoning: "looked at it",
        verdict: seen.includes("meh") ? "borderline" : "good",
      }),
    };
  });
  const p = tempProject({
    "llmops.yaml": `${localProvider(t.server.url)}models:
  answerer: { provider: local, id: answer-model }
  judge-m: { provider: local, id: judge-model }
judge: judge-m
`,
    "prompts/qa.prompt.yml":
      "name: qa\nmodel: answerer\nmessages:\n  - role: user\n    content: '{{q}}'\n",
    "evals/qa.eval.yml": `description: qa
prompt: ../prompts/qa.prompt.yml
scorers:
  - type: llm-classify
    name: quality
    prompt: "Rate this answer: {{completion}}"
    choices: [{ choice: good, score: 1 }, { choice: borderline, score: 0.55 }, { choice: bad, score: 0 }]
  - { type: pii }
cases:
${Object.keys(answers)
  .map(
    (id) =>
      `  - id: ${id}\n    vars: { q: ${id} }\n${id === "disagree" ? "    human: fail\n" : ""}`,
  )
  .join("")}`,
  });
  // Both tests use the run: cleaned up after all, not after each (as t.cleanup would).
  cleanup = p.cleanup;
  dir = p.dir;
  const run = await runInProcess(["eval", "--no-cache"], { cwd: dir, env });
  expect([0, 1], run.stderr).toContain(run.code);
  writeFileSync(
    join(dir, "flagged.jsonl"),
    `${JSON.stringify({
      id: "prod-7f3a",
      description: "judge:helpful: the reply ignores the question (from logs/chat.jsonl:12)",
      vars: { input: "where is my parcel", output_seen: "<b>bold</b> no idea" },
      tags: ["monitor", "judge:helpful", "model:gpt-prod"],
    })}\n`,
  );
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  cleanup?.();
});

describe("llmops label queue", () => {
  it("ranks disagreements, guardrail hits, monitor flags and close judge calls, with reasons", async () => {
    const r = await runCli(
      [
        "label",
        "queue",
        "--out",
        "queue.json",
        "--html",
        "q.html",
        "--from-monitor",
        "flagged.jsonl",
      ],
      { cwd: dir, env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("review queue: 4 case(s)");
    expect(r.stdout).toContain(
      "1. qa/disagree (answerer)\n   disagreement: quality: judge passed (1.00), human failed",
    );
    expect(r.stdout).toContain("wrote queue.json");
    expect(r.stdout).toContain("wrote q.html");
    const doc = JSON.parse(readFileSync(join(dir, "queue.json"), "utf8"));
    expect(doc).toMatchObject({ kind: "llmops-review-queue", version: 1 });
    expect(doc.items.map((x: { case: string }) => x.case)).toEqual([
      "disagree",
      "leak",
      "prod-7f3a",
      "close",
    ]);
    expect(doc.items[1].reasons[0]).toMatchObject({ kind: "guardrail" });
    expect(doc.items[1].reasons[0].detail).toMatch(/^pii: /);
    expect(doc.items[3].reasons).toEqual([
      { kind: "low-confidence", detail: "quality: 0.55 against threshold 0.5" },
    ]);
    // No run-folder argument needed, and a bad flag or file is one clear error.
    const bad = await runInProcess(["label", "queue", "--from-monitor", "nope.jsonl"], {
      cwd: dir,
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("cannot read nope.jsonl");
    const margin = await runInProcess(["label", "queue", "--margin", "2"], { cwd: dir, env });
    expect(margin.code).toBe(2);
    expect(margin.stderr).toContain("expected a number from 0 to 1");
  });

  it("opens the page in queue mode: only the queued cases, in rank order, each saying why", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(pathToFileURL(join(dir, "q.html")).href);
    await page.waitForSelector("body[data-ready='1']");
    const ids = () => page.locator("#rows th[scope=row]").allTextContents();
    expect(await page.inputValue("#f-status")).toBe("queue");
    expect(await ids()).toEqual(["disagree", "leak", "prod-7f3a", "close"]);
    await page.click("#rows a >> nth=0");
    await page.waitForSelector("#case .why");
    expect(await page.locator("#case .why li").allTextContents()).toEqual([
      "disagreement: quality: judge passed (1.00), human failed",
    ]);
    // The production record: what the user saw is shown as text, not markup.
    await page.click("#rows a >> nth=2");
    await page.waitForSelector("#case h2:text('prod-7f3a')");
    expect(await page.locator("#case .why li").first().textContent()).toContain(
      "flagged in production: judge:helpful",
    );
    expect(await page.locator("#case").textContent()).toContain("<b>bold</b> no idea");
    expect(await page.locator("#case b").count()).toBe(0);
    // Every case is still one filter away.
    await page.selectOption("#f-status", "");
    expect((await ids()).sort()).toEqual(["calm", "close", "disagree", "leak", "prod-7f3a"]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
