import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../test-support/chromium.js";
import { evalProject, lastUser } from "../test-support/eval-project.js";
import { type FakeOpenAI, startFakeOpenAI } from "../test-support/fake-openai.js";
import { runCli, runInProcess } from "../test-support/project.js";

// Issue 16: the view page, driven in a real headless Chromium (Debian's package, no download).
const HOSTILE = [
  "<script>window.__pwned = 1</script>",
  '<img src=x onerror="window.__pwned = 2">',
  "[click](javascript:window.__pwned=3)",
  '<a id="evil" href="javascript:window.__pwned=4">evil</a>',
  "A".repeat(50_000),
].join("\n");

let replies: Record<string, string> = {
  "ok-1": "ok the parcel left today",
  "ok-2": "ok fine",
  "bad-1": "nope",
  hostile: "ok",
};
let server: FakeOpenAI;
let browser: Browser;
let project: ReturnType<typeof evalProject>;
let html: string;
const env = { TEST_LLM_KEY: "k" };

beforeAll(async () => {
  server = await startFakeOpenAI((call) => ({ content: replies[lastUser(call).slice(3)] ?? "?" }));
  project = evalProject({ cases: Object.keys(replies), baseURL: server.url });
  const first = await runInProcess(["eval", "--no-cache", "--update-baseline"], {
    cwd: project.dir,
    env,
  });
  expect(first.code, first.stderr).toBe(0);
  replies = { ...replies, "ok-1": "ok the parcel left yesterday", hostile: HOSTILE };
  const second = await runInProcess(["eval", "--no-cache"], { cwd: project.dir, env });
  expect([0, 1]).toContain(second.code);
  const view = await runCli(["view", "--out", "page.html"], { cwd: project.dir, env });
  expect(view.code, view.stderr).toBe(0);
  expect(view.stdout).toMatch(/wrote page\.html \(4 cases/);
  html = join(project.dir, "page.html");
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  project?.cleanup();
});

async function open(hash = ""): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ acceptDownloads: true });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("blob:")) problems.push(r.url());
  });
  await page.goto(pathToFileURL(html).href + hash);
  await page.waitForSelector("body[data-ready='1']");
  return { page, problems };
}

const visibleIds = (page: Page) => page.locator("#rows th[scope=row]").allTextContents();

describe("llmops view", () => {
  it("loads offline with no console errors and shows the verdict and every case", async () => {
    const { page, problems } = await open();
    expect(await page.locator("#verdict").textContent()).toMatch(/\S/);
    expect((await visibleIds(page)).sort()).toEqual(["bad-1", "hostile", "ok-1", "ok-2"]);
    // Score distribution, pass rate per scorer, latency CDF (no matrix, no groups here).
    expect(await page.locator("#charts svg").count()).toBe(3);
    expect(problems).toEqual([]);
    expect(statSync(html).size).toBeLessThan(1_000_000);
    await page.close();
  });

  it("filters, searches and sorts the visible rows", async () => {
    const { page } = await open();
    await page.fill("#q", "nope");
    expect(await visibleIds(page)).toEqual(["bad-1"]);
    await page.fill("#q", "");
    await page.selectOption("#f-status", "failing");
    expect((await visibleIds(page)).sort()).toEqual(["bad-1", "hostile"]);
    await page.selectOption("#f-status", "");
    await page.click("th[data-sort=id] button");
    expect(await visibleIds(page)).toEqual(["bad-1", "hostile", "ok-1", "ok-2"]);
    await page.click("th[data-sort=id] button");
    expect(await visibleIds(page)).toEqual(["ok-2", "ok-1", "hostile", "bad-1"]);
    expect(await page.getAttribute("th[data-sort=id]", "aria-sort")).toBe("descending");
    await page.close();
  });

  it("opens a case from the hash and shows the word diff; j/k move between cases", async () => {
    const { page } = await open(`#case=${encodeURIComponent("echo/fake/ok-1")}`);
    expect(await page.locator("#case h2").textContent()).toBe("ok-1");
    expect(await page.locator("#case pre.diff del").allTextContents()).toEqual(["today"]);
    expect(await page.locator("#case pre.diff ins").allTextContents()).toEqual(["yesterday"]);
    expect(await page.locator("#case").textContent()).toContain('"q": "ok-1"');
    await page.keyboard.press("j");
    await page.waitForFunction("location.hash !== '#case=echo%2Ffake%2Fok-1'");
    expect(await page.locator("#case h2").textContent()).not.toBe("ok-1");
    await page.close();
  });

  it("shows hostile outputs as text and runs none of them", async () => {
    const { page, problems } = await open(`#case=${encodeURIComponent("echo/fake/hostile")}`);
    const text = await page.locator("#case pre.out").last().textContent();
    expect(text).toContain("<script>window.__pwned = 1</script>");
    expect(await page.locator("#case script, #case img, #evil").count()).toBe(0);
    await page.fill("#q", "<script>");
    expect(await visibleIds(page)).toEqual(["hostile"]);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("keeps labels in the browser and exports them as JSON", async () => {
    const { page } = await open(`#case=${encodeURIComponent("echo/fake/bad-1")}`);
    await page.selectOption("#case select[data-scorer='']", "fail");
    await page.fill("#case input[aria-label=note]", "says nope");
    await page.locator("#case input[aria-label=note]").dispatchEvent("change");
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.locator("#label-count").textContent()).toBe("1 labelled");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const file = join(project.dir, "labels.json");
    await download.saveAs(file);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc).toMatchObject({
      kind: "llmops-labels",
      labels: [{ suite: "echo", case: "bad-1", scorer: null, label: "fail", note: "says nope" }],
    });
    expect(doc.labels[0].caseDigest).toMatch(/\S/);
    await page.close();

    // Into the dataset: comments and formatting stay, the note rides along as a comment.
    const suite = join(project.dir, "evals/echo.eval.yml");
    const before = `# reviewed cases\n${readFileSync(suite, "utf8")}`;
    writeFileSync(suite, before);
    const applied = await runInProcess(["label", "apply", "labels.json"], {
      cwd: project.dir,
      env,
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("1 label(s) written, 0 refused");
    const after = readFileSync(suite, "utf8");
    expect(after).toContain("human: fail # says nope");
    expect(after.replace(/\n {4}human: fail # says nope/, "")).toBe(before);
    expect((await runInProcess(["validate"], { cwd: project.dir, env })).code).toBe(0);

    // A case changed since the page was made: its label is refused, the file left alone.
    writeFileSync(suite, after.replace('vars: { q: "bad-1" }', 'vars: { q: "bad-2" }'));
    const changed = readFileSync(suite, "utf8");
    const refused = await runInProcess(["label", "apply", "labels.json"], {
      cwd: project.dir,
      env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /case bad-1 changed since the page was made \(evals\/echo\.eval\.yml:\d+\)/,
    );
    expect(readFileSync(suite, "utf8")).toBe(changed);
  });
});
