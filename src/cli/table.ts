import { stripVTControlCharacters } from "node:util";
import Table from "cli-table3";
import type { Io } from "./io.js";

/** Width of a table when stdout is not a terminal (piped, CI logs). */
export const DEFAULT_COLUMNS = 80;

/** Narrowest a wrapped column gets (its content, without padding). */
const MIN_COLUMN = 8;

export interface TableOptions {
  /** Header names of columns to drop, first first, while the table is wider than the terminal. */
  dropFirst?: string[];
}

/**
 * A plain table for the terminal: box lines on a TTY, aligned columns otherwise. It fits the
 * terminal's width (80 columns when stdout is not one), as `gh` does: the low-value columns named
 * in `dropFirst` go first, then the widest columns wrap.
 */
export function table(
  head: string[],
  rows: (string | number)[][],
  io: Io,
  opts: TableOptions = {},
): string {
  const width = io.columns ?? DEFAULT_COLUMNS;
  const cells = rows.map((r) => r.map(String));
  const natural = head.map((h, i) =>
    Math.max(visible(h), ...cells.map((r) => Math.max(...(r[i] ?? "").split("\n").map(visible)))),
  );
  // Each column has a space of padding either side; box tables add a border per column and one more.
  const overhead = (n: number) => 2 * n + (io.isTTY ? n + 1 : 2 * (n - 1));
  let keep = head.map((_, i) => i);
  const total = () => keep.reduce((n, i) => n + natural[i]!, 0) + overhead(keep.length);
  for (const name of opts.dropFirst ?? []) {
    if (total() <= width) break;
    keep = keep.filter((i) => head[i] !== name);
  }
  const widths = keep.map((i) => natural[i]!);
  let over = total() - width;
  while (over > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= MIN_COLUMN) break;
    widths[widest]!--;
    over--;
  }
  const wrapped = widths.some((w, k) => w < natural[keep[k]!]!);
  const t = new Table({
    head: keep.map((i) => head[i]!),
    style: { head: [], border: [], compact: true },
    ...(wrapped
      ? { colWidths: widths.map((w) => w + 2), wordWrap: true, wrapOnWordBoundary: false }
      : {}),
    ...(io.isTTY ? {} : { chars: plainChars }),
  });
  t.push(...cells.map((r) => keep.map((i) => r[i] ?? "")));
  return `${t.toString()}\n`;
}

function visible(s: string): number {
  return [...stripVTControlCharacters(s)].length;
}

const plainChars = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};
