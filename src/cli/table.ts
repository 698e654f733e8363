import { stripVTControlCharacters } from "node:util";
import Table from "cli-table3";
import type { Io } from "./io.js";

/** Width of a table when stdout is not a terminal (piped, CI logs). */
export const DEFAULT_COLUMNS = 80;

/** Narrowest a wrapped column gets (its content, without padding). */
const MIN_COLUMN = 8;
/** A word longer than this may be broken before other columns wrap (a URL, a long id). */
const MAX_WORD = 24;

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
  // When wrapping at spaces can fit the table, no column goes below its longest word (a name
  // keeps its letters together); otherwise words must break anyway and the widest columns give.
  const words = keep.map((i) =>
    Math.max(
      MIN_COLUMN,
      Math.min(
        MAX_WORD,
        Math.max(...[head[i]!, ...cells.map((r) => r[i] ?? "")].flatMap(wordWidths)),
      ),
    ),
  );
  let over = total() - width;
  const fitsAtSpaces =
    words.reduce((n, w, k) => n + Math.min(w, widths[k]!), 0) + overhead(keep.length) <= width;
  const floor = (k: number) => (fitsAtSpaces ? words[k]! : MIN_COLUMN);
  while (over > 0) {
    const room = widths.map((w, k) => (w > floor(k) ? w : -1));
    const widest = room.indexOf(Math.max(...room));
    if (room[widest]! < 0) break;
    widths[widest]!--;
    over--;
  }
  // Wrapped here, not by cli-table3: at word boundaries, and a word longer than its column is
  // broken rather than cut with an ellipsis (nothing is ever hidden).
  const wrapCell = (text: string, k: number) => wrapText(text, widths[k]!);
  const t = new Table({
    head: keep.map((i, k) => wrapCell(head[i]!, k)),
    style: { head: [], border: [], compact: true },
    ...(io.isTTY ? {} : { chars: plainChars }),
  });
  t.push(...cells.map((r) => keep.map((i, k) => wrapCell(r[i] ?? "", k))));
  return `${t.toString()}\n`;
}

/** Text wrapped to `width` visible columns at spaces; longer words are broken. */
export function wrapText(text: string, width: number): string {
  if (text.split("\n").every((l) => visible(l) <= width)) return text;
  const out: string[] = [];
  for (const line of stripVTControlCharacters(text).split("\n")) {
    let cur = "";
    for (let word of line.split(" ")) {
      while ([...word].length > width) {
        const room = cur ? width - [...cur].length - 1 : width;
        if (room <= 0) {
          out.push(cur);
          cur = "";
          continue;
        }
        const chars = [...word];
        out.push(cur ? `${cur} ${chars.slice(0, room).join("")}` : chars.slice(0, room).join(""));
        cur = "";
        word = chars.slice(room).join("");
      }
      if (!cur) cur = word;
      else if ([...cur].length + 1 + [...word].length <= width) cur += ` ${word}`;
      else {
        out.push(cur);
        cur = word;
      }
    }
    out.push(cur);
  }
  return out.join("\n");
}

function wordWidths(text: string): number[] {
  return text.split(/[\n ]/).map(visible);
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
