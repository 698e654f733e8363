import { stripControls } from "../util/terminal-text.js";
import type { ReportInput } from "./types.js";

/**
 * A workflow command's message, escaped as GitHub's runner reads it (% first, then CR and LF),
 * without escape sequences: a newline in a model's output or a scorer's name cannot start a
 * command of its own, and no terminal control reaches the log.
 */
export function escapeData(s: string): string {
  return stripControls(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value (file=, title=): also `:` and `,`, which end it. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub shows only so many annotations a step; the rest are in the report. */
export const MAX_ANNOTATIONS = 20;

/**
 * `::error` workflow commands for the cases that regressed or errored, then other failing cases,
 * each pointing at the file and line where the case is written.
 */
export function githubAnnotations(input: ReportInput): string[] {
  const rows: { file: string; line: number; title: string; message: string; rank: number }[] = [];
  for (const s of input.comparison?.suites ?? []) {
    for (const ch of s.changes) {
      const at = input.cases[s.suite]?.[ch.id];
      const cand = ch.candidate;
      if (!at || !cand) continue;
      const failing = cand.scorers
        .filter((x) => x.passes < cand.scores.length)
        .map((x) => `${x.name}: ${x.reason}`);
      if (ch.status === "regressed")
        rows.push({
          ...at,
          rank: 0,
          title: `llmops: ${s.suite}/${ch.id} regressed [${s.model}]`,
          message: failing.join("\n") || "score dropped",
        });
      else if (ch.status === "errored")
        rows.push({
          ...at,
          rank: 1,
          title: `llmops: ${s.suite}/${ch.id} errored [${s.model}]`,
          message: `${Object.keys(cand.errors).join(", ")}: ${cand.errorMessage ?? ""}`,
        });
      else if (cand.passes < cand.scores.length && ch.status !== "flaky")
        rows.push({
          ...at,
          rank: 2,
          title: `llmops: ${s.suite}/${ch.id} fails [${s.model}]`,
          message: failing.join("\n"),
        });
    }
  }
  rows.sort((a, b) => a.rank - b.rank || a.file.localeCompare(b.file) || a.line - b.line);
  const lines = rows
    .slice(0, MAX_ANNOTATIONS)
    .map(
      (r) =>
        `::error file=${escapeProperty(r.file)},line=${r.line},title=${escapeProperty(r.title)}::${escapeData(r.message)}`,
    );
  if (rows.length > MAX_ANNOTATIONS)
    lines.push(
      `::notice title=llmops::${rows.length - MAX_ANNOTATIONS} more failing cases are listed in the report`,
    );
  return lines;
}
