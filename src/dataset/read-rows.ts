import { extname } from "node:path";
import { readText } from "../config/read-validated.js";
import { parseYaml, type YamlSource } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";
import { MAX_DEPTH, measureValue } from "../util/nesting.js";
import type { RawRow } from "./types.js";

export const datasetExtensions = [".jsonl", ".csv", ".yml", ".yaml", ".json"] as const;

export interface ReadRows {
  rows: RawRow[];
  problems: Problem[];
  source?: YamlSource;
}

type CsvParse = typeof import("csv-parse/sync").parse;

/** Read the rows of a dataset file; every unreadable row becomes a located problem. */
export async function readRows(absPath: string, file: string): Promise<ReadRows> {
  const ext = extname(absPath).toLowerCase();
  if (!(datasetExtensions as readonly string[]).includes(ext)) {
    return {
      rows: [],
      problems: [
        {
          file,
          message: `unsupported dataset type "${ext || "(none)"}"`,
          hint: "use .jsonl, .csv or .yml",
        },
      ],
    };
  }
  const read = await readText(absPath, file);
  if ("problem" in read) return { rows: [], problems: [read.problem] };
  const text = read.text;
  if (ext === ".jsonl") return readJsonl(text, file);
  // The CSV parser loads only for a CSV dataset: most runs never need it.
  if (ext === ".csv") return readCsv(text, file, (await import("csv-parse/sync")).parse);
  return readYamlRows(text, file);
}

export function readJsonl(text: string, file: string): ReadRows {
  const rows: RawRow[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === "") return;
    const line = i + 1;
    try {
      const value: unknown = JSON.parse(lineText);
      if (measureValue(value) !== "ok")
        problems.push({
          file,
          line,
          col: 1,
          message: `nested more than ${MAX_DEPTH} levels deep`,
          hint: "flatten the row; llmops refuses input this deep rather than overflow",
        });
      else rows.push({ value, line, col: 1 });
    } catch (err) {
      const m = /position (\d+)/.exec((err as Error).message);
      problems.push({
        file,
        line,
        col: m ? Number(m[1]) + 1 : 1,
        message: `invalid JSON: ${(err as Error).message.replace(/ in JSON at position \d+.*$/, "")}`,
        hint: "each line of a .jsonl file is one JSON object",
      });
    }
  });
  return { rows, problems };
}

export function readCsv(text: string, file: string, parseCsv: CsvParse): ReadRows {
  let duplicate: string | undefined;
  try {
    const records = parseCsv(text, {
      // A repeated column name would silently keep only its last cell.
      columns: (header: string[]) => {
        duplicate = header.find((h, i) => header.indexOf(h) !== i);
        return header;
      },
      bom: true,
      skip_empty_lines: true,
      trim: false,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    if (duplicate !== undefined)
      return {
        rows: [],
        problems: [
          {
            file,
            line: 1,
            col: 1,
            message: `duplicate column "${duplicate}"`,
            hint: "each column of the header row needs its own name",
          },
        ],
      };
    const rows = records.map(({ record, info }) => ({
      value: csvRecord(record),
      line: info.lines,
      col: 1,
    }));
    return { rows, problems: [] };
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    return {
      rows: [],
      problems: [
        {
          file,
          line: e.lines ?? 1,
          col: 1,
          message: `invalid CSV: ${e.message.replace(/^Invalid [^:]*: /, "")}`,
          hint: "the first row names the columns; quote fields that contain commas or quotes",
        },
      ],
    };
  }
}

/** CSV cells are text; `human` may be pass/fail or a number, empty cells are absent. */
function csvRecord(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === "" && k !== "expected") continue;
    out[k] = k === "human" && /^\d*\.?\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

export function readYamlRows(text: string, file: string): ReadRows {
  const { source, problems } = parseYaml(file, text);
  if (!source) return { rows: [], problems };
  const value = source.value;
  const list = Array.isArray(value)
    ? { items: value, path: [] as PropertyKey[] }
    : value && typeof value === "object" && Array.isArray((value as { cases?: unknown }).cases)
      ? { items: (value as { cases: unknown[] }).cases, path: ["cases"] as PropertyKey[] }
      : undefined;
  if (!list) {
    return {
      rows: [],
      problems: [
        {
          file,
          line: 1,
          col: 1,
          message: "expected a list of cases",
          hint: "write each case as a list item: - id: ...",
        },
      ],
      source,
    };
  }
  const rows = list.items.map((item, i) => {
    const yamlPath = [...list.path, i];
    const node = source.doc.getIn(yamlPath, true) as
      | { range?: [number, number, number] }
      | undefined;
    const pos = source.lines.linePos(node?.range?.[0] ?? 0);
    return { value: item, line: pos.line, col: pos.col, yamlPath };
  });
  return { rows, problems: [], source };
}
