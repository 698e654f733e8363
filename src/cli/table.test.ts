import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { SUMMARY_DROP, SUMMARY_HEAD } from "../report/terminal.js";
import type { Io } from "./io.js";
import { table } from "./table.js";

function io(isTTY: boolean, columns?: number): Io {
  return {
    cwd: "/",
    env: {},
    stdout: () => {},
    stderr: () => {},
    isTTY,
    ...(columns ? { columns } : {}),
    now: () => new Date(0),
    onInterrupt: () => () => {},
  };
}

const summaryRow = [
  "support-reply-with-a-long-name",
  "openai/gpt-4.1-mini-2025-04-14",
  "14/42",
  "92.9%",
  "0.952 ± 0.021",
  "$0.0012 (+3 unpriced)",
  "12345",
  "812ms / 1.43s",
  "402ms",
  "rate_limit 2, timeout 1",
];

const widest = (text: string) =>
  Math.max(...text.split("\n").map((l) => [...stripVTControlCharacters(l)].length));

describe("table", () => {
  it.each([false, true])("fits 80 columns when stdout is not a terminal (box lines: %s)", (tty) => {
    const out = table(SUMMARY_HEAD, [summaryRow, summaryRow], io(tty), { dropFirst: SUMMARY_DROP });
    expect(widest(out)).toBeLessThanOrEqual(80);
    // Low-value columns go first; the suite, the pass rate and the errors stay.
    expect(out).not.toContain("TTFT p50");
    expect(out).not.toContain("tokens");
    expect(out).toContain("92.9%");
    expect(out).toContain("pass rate");
    // Wrapped, never cut.
    expect(out).not.toContain("…");
    expect(out).toContain("rate_limit");
  });

  it("wraps at spaces before it breaks a word, when that fits", () => {
    const rows = [["a-very-long-identifier", "some words that wrap nicely here"]];
    const out = table(["name", "note"], rows, io(false, 40));
    expect(widest(out)).toBeLessThanOrEqual(40);
    // The identifier keeps its letters together; the sentence wraps instead.
    expect(out).toContain("a-very-long-identifier");
    expect(out.split("\n").length).toBeGreaterThan(3);
    // Where words must break anyway (too narrow for the longest), the widest columns give.
    const narrow = table(["name", "note"], rows, io(false, 24));
    expect(widest(narrow)).toBeLessThanOrEqual(24);
    // Nothing is lost: every letter of the cells and the headers is still there.
    const letters = (t: string) =>
      t
        .replace(/[^a-z]/g, "")
        .split("")
        .sort()
        .join("");
    expect(letters(narrow)).toBe(letters(`name note ${rows[0]!.join(" ")}`));
  });

  it("wraps what dropping columns cannot fit", () => {
    const long = ["a".repeat(60), "b".repeat(60)];
    const out = table(["first", "second"], [long], io(true, 80));
    expect(widest(out)).toBeLessThanOrEqual(80);
    // Every character is still there, over more lines.
    expect(out.match(/a/g)).toHaveLength(60);
    expect(out.match(/b/g)).toHaveLength(60);
    expect(out).not.toContain("…");
  });

  it("keeps every column on a wide terminal", () => {
    const out = table(SUMMARY_HEAD, [summaryRow], io(true, 300), { dropFirst: SUMMARY_DROP });
    for (const h of SUMMARY_HEAD) expect(out).toContain(h);
    expect(widest(out)).toBeGreaterThan(80);
  });
});
