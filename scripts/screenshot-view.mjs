// Regenerates docs/view.png, the README's picture of `llmops view`: the bundled examples replayed
// offline (a copy of the repository's example files in a temporary folder), the page opened on its
// first regressed case in Debian's headless chromium. Run `npm run build` first.
//
//   node scripts/screenshot-view.mjs
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/llmops.js");
const dir = mkdtempSync(join(tmpdir(), "llmops-shot-"));
try {
  for (const f of ["llmops.yaml", "prompts", "evals", "fixtures"])
    cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  try {
    execFileSync(process.execPath, [BIN, "eval", "--quiet"], { cwd: dir, stdio: "inherit" });
  } catch {
    // The examples carry a regression on purpose: the gate exits 1.
  }
  execFileSync(process.execPath, [BIN, "view", "--out", "view.html"], { cwd: dir });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    colorScheme: "light",
  });
  await page.goto(pathToFileURL(join(dir, "view.html")).href);
  await page.waitForSelector("body[data-ready='1']");
  // The first regressed case, else the first failing one, else the first case.
  let first = null;
  for (const status of ["regressed", "failing", ""]) {
    await page.selectOption("#f-status", status);
    first = await page
      .locator("#rows tr")
      .first()
      .getAttribute("data-key", { timeout: 1000 })
      .catch(() => null);
    if (first) break;
  }
  if (first)
    await page.evaluate((k) => {
      location.hash = `case=${encodeURIComponent(k)}`;
    }, first);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ROOT, "docs/view.png") });
  await browser.close();
  console.error("wrote docs/view.png");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
