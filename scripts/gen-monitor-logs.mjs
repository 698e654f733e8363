// Writes synthetic production logs with known injected effects (run `npm run build` first):
//   node scripts/gen-monitor-logs.mjs OUT_DIR [--records N] [--format openai|otlp] [--seed S]
//        [--context-chars C] [--effects] [--gzip]
// OUT_DIR/reference.jsonl is a quiet week; OUT_DIR/current.jsonl the next day, with --effects: a
// latency shift in gpt-4.1-mini, a hallucination rise in "search", a quality gap in "enterprise",
// a rate-limit spike and 5 access violations. OUT_DIR/truth.json holds the exact counts written.
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { generateMonitorLogs } from "../dist/test-support/monitor-logs.js";

const args = process.argv.slice(2);
const out = args[0];
if (!out || out.startsWith("--")) {
  console.error(
    "usage: node scripts/gen-monitor-logs.mjs OUT_DIR [--records N] [--format openai|otlp] [--effects] [--gzip]",
  );
  process.exit(2);
}
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const records = Number(opt("records", 2000));
const format = opt("format", "openai");
const seed = Number(opt("seed", 1));
const contextChars = Number(opt("context-chars", 0));
const gzip = args.includes("--gzip");
const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1);
export const EFFECTS = {
  latency: { model: "gpt-4.1-mini", factor: 1.6 },
  hallucination: { feature: "search", rate: 0.3 },
  qualityGap: { group: "enterprise", rate: 0.35 },
  errorSpike: { class: "rate_limit", rate: 0.05 },
  accessViolations: 5,
};
mkdirSync(out, { recursive: true });
const ext = `${format === "otlp" ? ".otlp" : ""}.jsonl${gzip ? ".gz" : ""}`;

// Large runs are written in chunks so memory stays small.
async function windowed(name, total, seedOf, startMs, spanMs, effects) {
  const chunk = 50_000;
  const truths = [];
  const file = join(out, `${name}${ext}`);
  const sink = createWriteStream(file);
  const stream = gzip ? createGzip() : sink;
  if (gzip) stream.pipe(sink);
  for (let done = 0, k = 0; done < total; done += chunk, k++) {
    const n = Math.min(chunk, total - done);
    const { lines, truth } = generateMonitorLogs({
      seed: seedOf + k * 7919,
      records: n,
      start: startMs + Math.floor((done * spanMs) / total),
      spanMs: Math.floor((n * spanMs) / total),
      format,
      contextChars,
      effects,
    });
    for (const l of lines)
      if (!stream.write(`${l}\n`)) await new Promise((r) => stream.once("drain", r));
    truths.push({ ...truth, latencies: undefined });
  }
  await new Promise((r) => {
    sink.on("finish", r);
    stream.end();
  });
  return { file, truths };
}

const ref = await windowed("reference", records, seed, start, 7 * DAY, {});
const cur = await windowed(
  "current",
  records,
  seed + 1,
  start + 7 * DAY,
  DAY,
  args.includes("--effects") ? EFFECTS : {},
);
writeFileSync(
  join(out, "truth.json"),
  `${JSON.stringify({ reference: ref.truths, current: cur.truths }, null, 2)}\n`,
);
console.log(`wrote ${ref.file} and ${cur.file} (${records} records each)`);
