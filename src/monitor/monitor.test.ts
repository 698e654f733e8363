import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { type MonitorResult, runMonitor } from "../commands/monitor.js";
import { mergeMonitor } from "../commands/monitor-merge.js";
import {
  type Effects,
  generateMonitorLogs,
  type LogTruth,
  OTLP_FIELDS,
} from "../test-support/monitor-logs.js";
import { SKETCH_ACCURACY } from "./sketch.js";

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const EFFECTS: Effects = {
  latency: { model: "gpt-4.1-mini", factor: 1.6 },
  qualityGap: { group: "enterprise", rate: 0.35 },
  errorSpike: { class: "rate_limit", rate: 0.05 },
  accessViolations: 5,
};
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SCORERS = `scorers:
  - type: regex
    name: cites a source
    pattern: "\\\\[doc-\\\\d+\\\\]"
`;

/** A folder with reference and current logs (split in `parts` files each) and a monitor file. */
function setup(o: {
  seed: number;
  records: number;
  effects?: Effects;
  format?: "openai" | "otlp";
  parts?: number;
  gzip?: boolean;
  extra?: string;
}) {
  const dir = mkdtempSync(join(tmpdir(), "llmops-monitor-"));
  dirs.push(dir);
  const format = o.format ?? "openai";
  const parts = o.parts ?? 1;
  const write = (name: string, seed: number, start: number, span: number, effects?: Effects) => {
    const truths: LogTruth[] = [];
    for (let k = 0; k < parts; k++) {
      const { lines, truth } = generateMonitorLogs({
        seed: seed * 100 + k,
        records: o.records / parts,
        start: start + (k * span) / parts,
        spanMs: span / parts,
        format,
        ...(effects ? { effects } : {}),
      });
      const text = `${lines.join("\n")}\n`;
      const file = join(dir, `${name}-${k}.jsonl${o.gzip ? ".gz" : ""}`);
      writeFileSync(file, o.gzip ? gzipSync(text) : text);
      truths.push(truth);
    }
    return truths;
  };
  const reference = write("reference", o.seed, START, 7 * DAY);
  const current = write("current", o.seed + 1, START + 7 * DAY, DAY, o.effects);
  const fields =
    format === "otlp"
      ? `fields:\n${Object.entries(OTLP_FIELDS)
          .map(([k, v]) => `  ${k}: ${v}\n`)
          .join("")}`
      : "";
  writeFileSync(
    join(dir, "t.monitor.yml"),
    `name: t\nlogs: ["current-*"]\nreference: ["reference-*"]\n${fields}${SCORERS}${o.extra ?? ""}`,
  );
  return { dir, reference, current };
}

const run = (dir: string, extra: Partial<Parameters<typeof runMonitor>[0]> = {}) =>
  runMonitor({
    cwd: dir,
    env: {},
    now: () => new Date(START + 30 * DAY),
    file: "t.monitor.yml",
    ...extra,
  });

const roundAll = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v), (_k, x) => (typeof x === "number" ? Number(x.toPrecision(9)) : x));
const alertKeys = (r: MonitorResult) =>
  r.report.alerts.map((a) => `${a.kind} ${a.slice} ${a.metric}`).sort();

describe("llmops monitor on synthetic logs with injected effects", () => {
  it.each([
    ["openai", false],
    ["otlp", false],
    ["openai", true],
  ] as const)(
    "%s (gzip %s): exact counts and exactly the injected alerts",
    async (format, gzip) => {
      const s = setup({ seed: 3, records: 3000, effects: EFFECTS, format, gzip });
      const r = await run(s.dir);
      const all = r.report.analysis.current.find((x) => x.slice === "all")!;
      const t = s.current[0]!;
      expect(all.records).toBe(t.records);
      expect(all.errorsByClass).toEqual(t.errors);
      expect(all.refusalRate.count).toBe(t.refusals);
      expect(all.truncationRate.count).toBe(t.truncated);
      // A refusal cites nothing either.
      expect(all.scorers["cites a source"]!.count).toBe(t.uncited + t.refusals);
      expect(all.access.chunks).toBe(5);
      for (const [g, truth] of Object.entries(t.byGroup)) {
        const slice = r.report.analysis.current.find((x) => x.slice === `group=${g}`)!;
        expect([slice.records, slice.scorers["cites a source"]!.count]).toEqual([
          truth.records,
          truth.uncited + truth.refusals,
        ]);
      }
      expect(alertKeys(r)).toEqual([
        "drift all error rate",
        "drift all errors: rate_limit",
        "drift group=enterprise cites a source failures",
        "drift model=gpt-4.1-mini latency p95",
        ...(format === "otlp" ? [] : ["drift model=gpt-4.1-mini time to first token p95"]),
        "fairness group=enterprise cites a source failures",
        "threshold all access violations",
      ]);
      expect(r.exitCode).toBe(1);
      const access = r.report.alerts.find((a) => a.metric === "access violations")!;
      expect(access.examples).toHaveLength(3);
    },
  );

  it("reports latency percentiles within the sketch's relative error of the exact ones", async () => {
    const s = setup({ seed: 5, records: 4000 });
    const r = await run(s.dir);
    const lat = [...s.current[0]!.latencies].sort((a, b) => a - b);
    const all = r.report.analysis.current.find((x) => x.slice === "all")!;
    for (const [q, got] of [
      [0.5, all.latencyMs.p50],
      [0.95, all.latencyMs.p95],
      [0.99, all.latencyMs.p99],
    ] as const) {
      const rank = q * (lat.length - 1);
      const lo = lat[Math.floor(rank)]! * (1 - SKETCH_ACCURACY);
      const hi = lat[Math.ceil(rank)]! * (1 + SKETCH_ACCURACY);
      expect(got!).toBeGreaterThanOrEqual(lo);
      expect(got!).toBeLessThanOrEqual(hi);
    }
  });

  it("A/A: windows from the same process raise an alert in at most alpha of seeded runs", async () => {
    const runs = 40;
    let alerted = 0;
    for (let i = 0; i < runs; i++) {
      const s = setup({ seed: 1000 + i, records: 1200 });
      const r = await run(s.dir);
      if (r.exitCode !== 0) alerted++;
    }
    // alpha = 0.05: a correct family-wise procedure alerts in about 2 of 40 runs at most.
    expect(alerted / runs).toBeLessThanOrEqual(0.05);
  }, 120_000);

  it("shards merged with monitor merge give the numbers of one run", async () => {
    const s = setup({ seed: 9, records: 2000, effects: EFFECTS, parts: 4 });
    const one = await run(s.dir);
    await run(s.dir, { shard: { index: 1, count: 2 }, out: "s1" });
    await run(s.dir, { shard: { index: 2, count: 2 }, out: "s2" });
    const merged = await mergeMonitor({
      cwd: s.dir,
      env: {},
      now: () => new Date(START),
      dirs: ["s1", "s2"],
    });
    // Equal up to the order of floating-point additions (cost sums): 9 significant digits.
    expect(roundAll(merged.report.analysis)).toEqual(roundAll(one.report.analysis));
    expect(alertKeys(merged)).toEqual(alertKeys(one));
    expect(merged.exitCode).toBe(one.exitCode);
  });

  it("splits one log set by --since and ignores what lies after --until", async () => {
    const s = setup({ seed: 4, records: 1000 });
    writeFileSync(
      join(s.dir, "split.monitor.yml"),
      `name: split\nlogs: [reference-0.jsonl]\n${SCORERS}`,
    );
    const r = await runMonitor({
      cwd: s.dir,
      env: {},
      now: () => new Date(START + 6 * DAY),
      file: "split.monitor.yml",
      since: "2d",
      until: new Date(START + 6 * DAY).toISOString(),
    });
    // Record i is written at START + floor(i * 7 days / 1000).
    const at = (i: number) => Math.floor((i * 7 * DAY) / 1000);
    const ids = [...Array(1000).keys()];
    expect(r.report.windows.reference!.records).toBe(ids.filter((i) => at(i) < 4 * DAY).length);
    expect(r.report.windows.current.records).toBe(
      ids.filter((i) => at(i) >= 4 * DAY && at(i) < 6 * DAY).length,
    );
    expect(r.report.skipped.outside).toBe(ids.filter((i) => at(i) >= 6 * DAY).length);
  });
});
