import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MonitorReport } from "../monitor/report.js";
import { launchChromium } from "../test-support/chromium.js";
import { REPO_ROOT, runCli, runInProcess } from "../test-support/project.js";

// Issue 16: for `llmops monitor` runs, the page shows the time series of each headline metric,
// the reference and the current window apart, with the alerts marked where they began.
let dir: string;
let report: MonitorReport;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "llmops-monitor-view-"));
  const run = await runInProcess(
    ["monitor", "monitor/support.monitor.yml", "--out", dir, "--quiet"],
    {
      cwd: REPO_ROOT,
    },
  );
  expect(run.code, run.stderr).toBe(1); // the bundled logs carry injected problems
  report = JSON.parse(readFileSync(join(dir, "monitor.json"), "utf8")) as MonitorReport;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("body[data-ready='1']");
  return { page, problems };
}

describe("llmops view of a monitor run", () => {
  it("draws each headline metric over time, both windows, alerts marked where they began", async () => {
    const view = await runCli(["view", dir], { cwd: REPO_ROOT });
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).toContain(`monitor.html (${report.series.length} time buckets`);
    const { page, problems } = await open(join(dir, "monitor.html"));

    expect(await page.locator("#verdict").textContent()).toBe(
      `ALERT: ${report.alerts.length} alerts`,
    );
    expect(await page.locator("#alerts tr").count()).toBe(report.alerts.length);

    // One chart per headline metric and per scorer, in the series' own metrics.
    const scorers = Object.keys(report.series[0]!.failures);
    const metrics = await page
      .locator("svg.line-chart")
      .evaluateAll((svgs) => svgs.map((s) => s.getAttribute("data-metric")));
    expect(metrics).toEqual([
      "records",
      "errorRate",
      "refusalRate",
      "latencyP95",
      "costPerRequest",
      ...[...scorers].sort(),
    ]);

    // The error-rate chart: a point per bucket with a value, reference and current apart.
    const errors = page.locator("svg[data-metric=errorRate]");
    const known = (w: string) =>
      report.series.filter((r) => r.window === w && r.errorRate !== null).length;
    expect(await errors.locator("circle.ref").count()).toBe(known("reference"));
    expect(await errors.locator("circle.cur").count()).toBe(known("current"));
    expect(await errors.locator("line.divider").count()).toBe(1);
    // Its alerts (error rate, errors: rate_limit) are marked at the bucket where they began.
    const since = report.alerts
      .filter((a) => a.since && (a.metric === "error rate" || a.metric.startsWith("errors: ")))
      .map((a) => a.since);
    expect(since.length).toBeGreaterThan(0);
    expect(
      await errors.locator("line.alert").evaluateAll((ls) => ls.map((l) => l.dataset.since)),
    ).toEqual(since);
    // From the marked bucket on, the current window's error rate is above the reference's.
    const mean = (xs: (number | null)[]) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const refRate = mean(
      report.series.filter((r) => r.window === "reference").map((r) => r.errorRate),
    );
    const afterRate = mean(
      report.series
        .filter((r) => r.window === "current" && r.bucket >= since[0]!)
        .map((r) => r.errorRate),
    );
    expect(afterRate).toBeGreaterThan(2 * refRate);
    // The latency alert of one model is marked on the latency chart too.
    expect(await page.locator("svg[data-metric=latencyP95] line.alert").count()).toBeGreaterThan(0);
    // The values behind each chart are in a table, for screen readers and copying.
    const cells = page.locator("svg[data-metric=errorRate] ~ details tr");
    expect(await cells.count()).toBe(report.series.length + 1);
    expect(problems).toEqual([]);
  });

  it("shows hostile names and messages from the logs as text, never as markup", async () => {
    const evil = "<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>";
    const hostile: MonitorReport = {
      ...report,
      name: evil,
      reproduce: evil,
      problems: [evil],
      alerts: report.alerts.map((a) => ({
        ...a,
        slice: evil,
        message: `${evil} javascript:alert(1)`,
      })),
    };
    const hdir = mkdtempSync(join(tmpdir(), "llmops-monitor-hostile-"));
    try {
      writeFileSync(join(hdir, "monitor.json"), JSON.stringify(hostile));
      const view = await runInProcess(["view", hdir, "--out", join(hdir, "page.html")], {
        cwd: REPO_ROOT,
      });
      expect(view.code, view.stderr).toBe(0);
      const { page, problems } = await open(join(hdir, "page.html"));
      expect(await page.locator("#name").textContent()).toBe(evil);
      expect(await page.locator("#alerts td", { hasText: "javascript:" }).count()).toBe(
        report.alerts.length,
      );
      expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
      expect(await page.locator("img, main script, a").count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      rmSync(hdir, { recursive: true, force: true });
    }
  });

  it("a folder whose monitor.json is not a monitor report is a usage error with a hint", async () => {
    const bad = mkdtempSync(join(tmpdir(), "llmops-monitor-bad-"));
    try {
      writeFileSync(join(bad, "monitor.json"), '{"name": 1}');
      const r = await runInProcess(["view", bad], { cwd: REPO_ROOT });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("is not a monitor report written by llmops monitor");
      expect(r.stderr).toContain("llmops monitor --out");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
