import { relative } from "node:path";
import { type MonitorResult, runMonitor } from "../../commands/monitor.js";
import { mergeMonitor } from "../../commands/monitor-merge.js";
import type { MonitorReport } from "../../monitor/report.js";
import type { CallMode } from "../../provider/caller.js";
import { terminalSafe } from "../../util/terminal-text.js";
import { colors, type Io, safeStdout } from "../io.js";

export interface MonitorFlags {
  file: string;
  logs: string[];
  reference: string[];
  since?: string;
  until?: string;
  shard?: { index: number; count: number };
  replay?: boolean;
  record?: boolean;
  cache?: boolean;
  maxCost?: number;
  exportCases?: string;
  out?: string;
  markdown?: string;
  strict?: boolean;
  json?: boolean;
  series?: boolean;
  quiet?: boolean;
}

const mode = (f: { replay?: boolean; record?: boolean }): CallMode =>
  f.record ? "record" : f.replay ? "replay" : "auto";

export async function monitorCommand(f: MonitorFlags, io: Io): Promise<number> {
  const controller = new AbortController();
  const off = io.onInterrupt(() => controller.abort());
  try {
    const r = await runMonitor({
      cwd: io.cwd,
      env: io.env,
      now: io.now,
      signal: controller.signal,
      file: f.file,
      logs: f.logs,
      reference: f.reference,
      ...(f.since ? { since: f.since } : {}),
      ...(f.until ? { until: f.until } : {}),
      ...(f.shard ? { shard: f.shard } : {}),
      mode: mode(f),
      cache: f.cache !== false,
      ...(f.maxCost !== undefined ? { maxCost: f.maxCost } : {}),
      ...(f.exportCases ? { exportCases: f.exportCases } : {}),
      ...(f.out ? { out: f.out } : {}),
      strict: f.strict === true,
      ...(io.isTTY && !f.json && !f.quiet
        ? { onProgress: (n: number) => io.stderr(`\r${n} records read`) }
        : {}),
      onWarning: warn(io),
    });
    if (io.isTTY && !f.json && !f.quiet) io.stderr("\r");
    return await print(r, f, io);
  } finally {
    off();
  }
}

export interface MonitorMergeFlags {
  dirs: string[];
  out?: string;
  markdown?: string;
  replay?: boolean;
  record?: boolean;
  cache?: boolean;
  maxCost?: number;
  strict?: boolean;
  json?: boolean;
  series?: boolean;
  quiet?: boolean;
}

export async function monitorMergeCommand(f: MonitorMergeFlags, io: Io): Promise<number> {
  const r = await mergeMonitor({
    cwd: io.cwd,
    env: io.env,
    now: io.now,
    dirs: f.dirs,
    mode: mode(f),
    cache: f.cache !== false,
    ...(f.maxCost !== undefined ? { maxCost: f.maxCost } : {}),
    ...(f.out ? { out: f.out } : {}),
    strict: f.strict === true,
    onWarning: warn(io),
  });
  return print(r, f, io);
}

/** Warnings go to stderr with --quiet and --json too, as eval's do. */
const warn =
  (io: Io) =>
  (message: string): void => {
    // On a terminal it may follow the "records read" counter: clear that line first.
    const c = colors(io);
    const line = terminalSafe(`${c.yellow("warning")} ${message}`, c.level > 0);
    io.stderr(`${io.isTTY ? "\r\u001b[K" : ""}${line}\n`);
  };

async function print(
  r: MonitorResult,
  f: { json?: boolean; quiet?: boolean; markdown?: string; series?: boolean },
  io: Io,
): Promise<number> {
  const { renderMonitorMarkdown, seriesTable } = await import("../../monitor/render-markdown.js");
  if (f.markdown) {
    const { writeFileAtomic } = await import("../../util/fs.js");
    const { resolve } = await import("node:path");
    await writeFileAtomic(resolve(io.cwd, f.markdown), renderMonitorMarkdown(r.report));
  }
  if (f.json) io.stdout(`${JSON.stringify(r.report, null, 2)}\n`);
  else if (!f.quiet) {
    // Slices, examples and metric names come from the logs.
    const out = safeStdout(io);
    out(summaryLines(r.report, io));
    if (f.series) out(`\n${seriesTable(r.report.series).join("\n")}\n`);
    if (r.exported !== undefined)
      io.stderr(`exported ${r.exported} flagged record(s) as eval cases\n`);
    for (const w of r.written) io.stderr(`wrote ${relative(io.cwd, w)}\n`);
  }
  return r.exitCode;
}

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const ms = (x: number | null) => (x === null ? "–" : `${Math.round(x)}ms`);

function summaryLines(r: MonitorReport, io: Io): string {
  const c = colors(io);
  const out: string[] = [];
  const head =
    r.verdict === "alert"
      ? c.red.bold(`ALERT: ${r.alerts.length} alert(s)`)
      : r.verdict === "inconclusive"
        ? c.yellow.bold("OK, some changes INCONCLUSIVE")
        : c.green.bold("OK: no alert");
  out.push(`${c.bold(`llmops monitor ${r.name}`)}  ${head}`);
  const ref = r.windows.reference;
  out.push(
    c.dim(
      `current ${r.windows.current.records} records${ref ? `, reference ${ref.records}` : ", no reference window"}${r.skipped.unreadable ? `, ${r.skipped.unreadable} unreadable line(s)` : ""}`,
    ),
  );
  for (const a of r.alerts)
    out.push(
      `  ${c.red("✗")} ${a.slice} · ${a.kind}: ${a.message}${a.since ? ` (since ${a.since})` : ""}`,
    );
  out.push("");
  out.push(
    `${"slice".padEnd(26)}${"records".padStart(9)}${"errors".padStart(8)}${"refusals".padStart(10)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}${"$ / req".padStart(11)}`,
  );
  for (const s of r.analysis.current)
    out.push(
      `${s.slice.slice(0, 25).padEnd(26)}${String(s.records).padStart(9)}${pct(s.errorRate.rate).padStart(8)}${pct(s.refusalRate.rate).padStart(10)}${ms(s.latencyMs.p50).padStart(8)}${ms(s.latencyMs.p95).padStart(8)}${ms(s.latencyMs.p99).padStart(8)}${(s.cost.perRequest === null ? "–" : s.cost.perRequest.toPrecision(2)).padStart(11)}`,
    );
  const flagged = r.analysis.fairness.filter((x) => x.flagged).length;
  const failed = r.analysis.drift.filter((d) => d.decision === "fail").length;
  out.push(
    "",
    c.dim(
      `${r.analysis.drift.length} drift tests (${failed} FAIL), ${r.analysis.fairness.length} fairness tests (${flagged} flagged), Holm at α = ${r.analysis.settings.alpha}`,
    ),
  );
  return `${out.join("\n")}\n`;
}
