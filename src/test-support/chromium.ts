import { execFileSync } from "node:child_process";
import { type Browser, chromium } from "playwright-core";

/** Debian's headless Chromium (installed by .ci/run), driven by playwright-core: no download. */
export function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync(
    "sh",
    ["-c", "command -v chromium || command -v chromium-browser"],
    { encoding: "utf8" },
  ).trim();
  return chromium.launch({ executablePath, args: ["--no-sandbox"] });
}
