import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip, gunzipSync } from "node:zlib";
import type { MonitorFields } from "../config/schema/monitor.js";
import { sha256 } from "../util/hash.js";
import { asChunks, asLabel, asStrings, asTime, getPath } from "./fields.js";
import { readOpenAiRecord } from "./parse-openai.js";
import { isOtlpExport, readOtlpExport } from "./parse-otlp.js";
import type { MonitorRecord, RawRecord } from "./types.js";

export type LogFormat = "auto" | "openai" | "otlp" | "llmops";

/** A record read from a log, or why a line could not be read. */
export type LogItem = { record: MonitorRecord } | { problem: string };

/** Where fields live when the monitor file does not say (JSONL metadata, OTel attributes). */
const DEFAULT_FIELDS: {
  [K in Exclude<keyof MonitorFields, "model" | "timestamp">]-?: string;
} = {
  user: "metadata.user_id",
  feature: "metadata.feature",
  group: "metadata.group",
  context: "metadata.context",
  permissions: "metadata.permissions",
  goldDocs: "metadata.gold_ids",
};

/**
 * Every record of a log file, streamed line by line (gzip when the name ends in .gz). A `.json`
 * file is one document (an OTLP export); `.jsonl` holds one JSON value a line.
 */
export async function* readLog(
  absPath: string,
  file: string,
  format: LogFormat,
  fields: MonitorFields,
): AsyncGenerator<LogItem> {
  const gz = absPath.endsWith(".gz");
  if (/\.json(\.gz)?$/.test(absPath)) {
    const buf = await readFile(absPath);
    yield* readLine((gz ? gunzipSync(buf) : buf).toString("utf8"), file, 1, format, fields);
    return;
  }
  const raw = createReadStream(absPath);
  const input = gz ? raw.pipe(createGunzip()) : raw;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === "") continue;
    yield* readLine(text, file, line, format, fields);
  }
}

function* readLine(
  text: string,
  file: string,
  line: number,
  format: LogFormat,
  fields: MonitorFields,
): Generator<LogItem> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    yield { problem: `${file}:${line}: not JSON (${(err as Error).message})` };
    return;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    yield { problem: `${file}:${line}: expected a JSON object` };
    return;
  }
  const o = value as Record<string, unknown>;
  if (format === "otlp" || (format === "auto" && isOtlpExport(o))) {
    for (const span of readOtlpExport(o))
      yield { record: finish(span.record, span.attributes, file, line, fields) };
    return;
  }
  const rec = readOpenAiRecord(o);
  if (rec !== "skip") yield { record: finish(rec, o, file, line, fields) };
}

/** Apply the field mapping and give the record its stable id. */
function finish(
  rec: RawRecord,
  raw: unknown,
  file: string,
  line: number,
  fields: MonitorFields,
): MonitorRecord {
  const at = (key: keyof typeof DEFAULT_FIELDS) => getPath(raw, fields[key] ?? DEFAULT_FIELDS[key]);
  // Filled in place: spreading a record this size into a new literal is slow in V8.
  const out = rec as MonitorRecord;
  // The hash of the input: system messages and the last user message (no canonical JSON: hot path).
  out.id = sha256(`${rec.system.join("\u0000")}\u0001${rec.input}`).slice(0, 12);
  out.file = file;
  out.line = line;
  out.user = asLabel(at("user")) ?? rec.user;
  out.feature = asLabel(at("feature")) ?? rec.feature;
  out.group = asLabel(at("group")) ?? rec.group;
  out.context = asChunks(at("context")) ?? rec.context;
  out.permissions = asStrings(at("permissions")) ?? rec.permissions;
  out.goldDocs = asStrings(at("goldDocs")) ?? rec.goldDocs;
  if (fields.model) out.model = asLabel(getPath(raw, fields.model)) ?? out.model;
  if (fields.timestamp) out.time = asTime(getPath(raw, fields.timestamp)) ?? out.time;
  return out;
}
