import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../test-support/chromium.js";
import { lastUser } from "../test-support/eval-project.js";
import { runCli, runInProcess, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// Issue 16: the page's latency CDF, cost vs quality per model (Pareto front) and per-group pass
// rates with Wilson intervals, for a matrix run of a suite with groupBy, drawn in Chromium.
const t = useFakeOpenAI();

describe("llmops view charts", () => {
  it("draws the latency CDF, cost vs quality with the Pareto front, and group rates with intervals", async () => {
    // The big model answers every case right; the small one misses the French ones.
    t.server.setHandler((call) => ({
      content: call.body.model === "small-model" && lastUser(call).startsWith("fr") ? "no" : "ok",
      usage: { prompt_tokens: 100, completion_tokens: 10 },
    }));
    const p = tempProject({
      "llmops.yaml": `providers:
  local: { type: openai, apiKeyEnv: TEST_LLM_KEY, baseURL: ${t.server.url}, maxRetries: 0 }
models:
  big: { provider: local, id: big-model, price: { input: 10, output: 10 } }
  small: { provider: local, id: small-model, price: { input: 1, output: 1 } }
`,
      "prompts/qa.prompt.yml":
        "name: qa\nmodel: big\nmessages:\n  - role: user\n    content: '{{lang}} {{q}}'\n",
      "evals/qa.eval.yml": `description: qa
prompt: ../prompts/qa.prompt.yml
models: [big, small]
groupBy: vars.lang
scorers:
  - { type: contains, value: ok }
cases:
${["en-1", "en-2", "fr-1", "fr-2"]
  .map((id) => `  - { id: ${id}, vars: { q: ${id}, lang: ${id.slice(0, 2)} } }\n`)
  .join("")}`,
    });
    t.cleanup = p.cleanup;
    const env = { TEST_LLM_KEY: "k" };
    const run = await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env });
    expect([0, 1], run.stderr).toContain(run.code);
    const view = await runCli(["view", "--out", "page.html"], { cwd: p.dir, env });
    expect(view.code, view.stderr).toBe(0);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      await page.goto(pathToFileURL(join(p.dir, "page.html")).href);
      await page.waitForSelector("body[data-ready='1']");

      // Latency CDF: one point per trial (8), rising from 0 to 100%.
      const cdf = await page.locator("svg.cdf polyline").getAttribute("points");
      const pts = cdf!.split(" ").map((x) => x.split(",").map(Number));
      expect(pts).toHaveLength(8);
      expect(pts.map((x) => x[1]!)).toEqual([...pts.map((x) => x[1]!)].sort((a, b) => b - a));
      expect(await page.locator("svg.cdf + figcaption").textContent()).toMatch(
        /^Latency CDF — p50 \d+ ms, p95 \d+ ms \(8 trials\)$/,
      );

      // Cost vs quality: both models on the front (small is cheaper, big better).
      expect(await page.locator("svg.pareto circle").count()).toBe(2);
      expect(await page.locator("svg.pareto circle.front").count()).toBe(2);
      expect(await page.locator("svg.pareto polyline").count()).toBe(1);
      expect(await page.locator("svg.pareto circle[data-model=small] title").textContent()).toMatch(
        /^small: mean score 0\.50, \$0\.000110 per case \(Pareto front\)$/,
      );

      // Per group: one chart per model, en and fr, with Wilson whiskers.
      const captions = await page.locator("svg.groups + figcaption").allTextContents();
      expect(captions).toEqual([
        "Pass rate per group, qa · big (bars: pass rate; lines: Wilson 95% interval)",
        "Pass rate per group, qa · small (bars: pass rate; lines: Wilson 95% interval)",
      ]);
      const small = page.locator("svg.groups").nth(1);
      expect(await small.locator("rect title").allTextContents()).toEqual([
        "en: 2/2 pass, 95% interval 34–100%",
        "fr: 0/2 pass, 95% interval 0–66%",
      ]);
      expect(await small.locator("line.whisker").count()).toBe(2);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
