import Table from "cli-table3";
import type { Io } from "./io.js";

/** A plain table for the terminal: box lines on a TTY, aligned columns otherwise. */
export function table(head: string[], rows: (string | number)[][], io: Io): string {
  const t = new Table({
    head,
    style: { head: [], border: [], compact: true },
    ...(io.isTTY ? {} : { chars: plainChars }),
  });
  t.push(...rows.map((r) => r.map(String)));
  return `${t.toString()}\n`;
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
