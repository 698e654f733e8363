import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { writeFileAtomic } from "../util/fs.js";
import { renderJsonReport } from "./json-report.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import type { ReportInput } from "./types.js";

export const reportFormats = ["markdown", "junit", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const REPORT_FILES: Record<ReportFormat, string> = {
  markdown: "report.md",
  junit: "junit.xml",
  json: "report.json",
};

/** Parse `--report markdown,junit`. */
export function parseFormats(list: string): ReportFormat[] {
  const formats = list
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) {
    if (!(reportFormats as readonly string[]).includes(f))
      throw new UsageError(`unknown report format "${f}"`, `use ${reportFormats.join(", ")}`);
  }
  return formats as ReportFormat[];
}

export function renderReport(format: ReportFormat, input: ReportInput): string {
  if (format === "markdown") return renderMarkdown(input);
  if (format === "junit") return renderJunit(input);
  return `${JSON.stringify(renderJsonReport(input), null, 2)}\n`;
}

/** Write the chosen reports into a run folder; returns the files written. */
export async function writeReports(
  runDir: string,
  input: ReportInput,
  formats: readonly ReportFormat[],
): Promise<string[]> {
  const written: string[] = [];
  for (const f of formats) {
    const path = join(runDir, REPORT_FILES[f]);
    await writeFileAtomic(path, renderReport(f, input));
    written.push(path);
  }
  return written;
}

/** GitHub Actions shows what is appended to $GITHUB_STEP_SUMMARY on the run's page. */
export async function appendStepSummary(path: string, markdown: string): Promise<void> {
  await appendFile(path, `${markdown.trimEnd()}\n\n`);
}
