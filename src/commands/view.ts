import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { guardScorers } from "../config/schema/scorer-guard.js";
import { judgeScorerTypes, type ScorerType } from "../config/schema/scorers.js";
import type { HumanLabel } from "../config/schema/suite.js";
import { UsageError } from "../errors.js";
import type { MonitorReport } from "../monitor/report.js";
import { readResults } from "../run/run-dir.js";
import { suiteGroups } from "../suite/groups.js";
import { writeFileAtomic } from "../util/fs.js";
import { buildViewData, groupRates, type ViewData } from "../view/data.js";
import { renderMonitorPage } from "../view/monitor-page.js";
import { renderViewPage } from "../view/page.js";
import { buildQueue, casesFromExport, type QueueItem } from "../view/queue.js";
import { loadRunReport } from "./report.js";

export const VIEW_FILE = "view.html";
export const QUEUE_FILE = "queue.html";

export const MONITOR_VIEW_FILE = "monitor.html";

/**
 * Write the view page of a run folder (default: the latest run), or the monitor page of a
 * `llmops monitor --out` folder; returns the file written and what it shows.
 */
export async function writeViewPage(
  cwd: string,
  opts: { runDir?: string; out?: string },
): Promise<{ file: string; bytes: number; cases: number; kind: "run" | "monitor" }> {
  const out = opts.out ? resolve(cwd, opts.out) : undefined;
  if (opts.runDir && existsSync(join(resolve(cwd, opts.runDir), MONITOR_JSON))) {
    const dir = resolve(cwd, opts.runDir);
    const report = await readMonitorReport(join(dir, MONITOR_JSON));
    const html = renderMonitorPage(report);
    const file = out ?? join(dir, MONITOR_VIEW_FILE);
    await writeFileAtomic(file, html);
    return { file, bytes: Buffer.byteLength(html), cases: report.series.length, kind: "monitor" };
  }
  const { data, runDir } = await loadViewData(cwd, opts.runDir);
  return { ...(await writePage(cwd, data, out ?? join(runDir, VIEW_FILE))), kind: "run" };
}

const MONITOR_JSON = "monitor.json";

/** A monitor.json as `llmops monitor --out` writes it (the fields the page reads are checked). */
async function readMonitorReport(file: string): Promise<MonitorReport> {
  const hint = "give the folder that `llmops monitor --out <dir>` wrote";
  let r: Partial<MonitorReport>;
  try {
    r = JSON.parse(await readFile(file, "utf8")) as Partial<MonitorReport>;
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`, hint);
  }
  const ok =
    typeof r.name === "string" &&
    typeof r.verdict === "string" &&
    typeof r.windows?.current?.records === "number" &&
    Array.isArray(r.alerts) &&
    Array.isArray(r.series) &&
    typeof r.reproduce === "string";
  if (!ok) throw new UsageError(`${file} is not a monitor report written by llmops monitor`, hint);
  return r as MonitorReport;
}

async function loadViewData(cwd: string, runDir?: string) {
  const { input, runDir: dir, project } = await loadRunReport(cwd, runDir);
  const data = await buildViewData(input, readResults(dir));
  const groups = groupRates(data.cases, suiteGroups(project.suites));
  return { data: groups.length ? { ...data, groups } : data, runDir: dir, project };
}

async function writePage(
  cwd: string,
  data: ViewData,
  file: string,
): Promise<{ file: string; bytes: number; cases: number }> {
  const html = renderViewPage(data);
  await writeFileAtomic(resolve(cwd, file), html);
  return { file, bytes: Buffer.byteLength(html), cases: data.cases.length };
}

const guardTypes = new Set<string>(guardScorers.map((s) => s.shape.type.value));
const isJudge = (t: string) => judgeScorerTypes.has(t as ScorerType);

export interface QueueOpts {
  runDir?: string;
  /** `monitor --export-cases` files whose records join the queue. */
  exports?: string[];
  /** A judge value this close to its threshold is low confidence. */
  margin?: number;
}

/**
 * The review queue of a run: its cases most worth a human look, ranked with the reasons, plus the
 * records of the given monitor exports; and the page data with the queue set, for queue mode.
 */
export async function reviewQueue(
  cwd: string,
  o: QueueOpts,
): Promise<{ queue: QueueItem[]; data: ViewData; runDir: string }> {
  if (o.margin !== undefined && !(o.margin >= 0 && o.margin <= 1))
    throw new UsageError(`--margin ${o.margin} is not between 0 and 1`, "e.g. --margin 0.1");
  const { data, runDir, project } = await loadViewData(cwd, o.runDir);
  const flagged = new Map<string, string>();
  for (const f of o.exports ?? []) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, f), "utf8");
    } catch (err) {
      throw new UsageError(
        `cannot read ${f}: ${(err as Error).message}`,
        "give a file written by `llmops monitor --export-cases`",
      );
    }
    const got = casesFromExport(text, f);
    for (const c of got.cases) if (!flagged.has(c.key)) data.cases.push(c);
    for (const [k, v] of got.flagged) if (!flagged.has(k)) flagged.set(k, v);
  }
  const human = new Map<string, Map<string, HumanLabel>>();
  for (const s of project.suites)
    human.set(
      s.name,
      new Map(s.cases.flatMap((c) => (c.human === undefined ? [] : [[c.id, c.human] as const]))),
    );
  const queue = buildQueue(data.cases, {
    human,
    isJudge,
    isGuard: (t) => guardTypes.has(t),
    flagged,
    ...(o.margin !== undefined ? { margin: o.margin } : {}),
  });
  return { queue, data: { ...data, queue }, runDir };
}

/** Write the review queue as JSON (`out`) and/or as the page in queue mode (`html`). */
export async function writeReviewQueue(
  cwd: string,
  o: QueueOpts & { out?: string; html?: string | true },
): Promise<{ queue: QueueItem[]; json: string | null; page: string | null }> {
  const { queue, data, runDir } = await reviewQueue(cwd, o);
  let json: string | null = null;
  if (o.out) {
    json = resolve(cwd, o.out);
    await writeFileAtomic(
      json,
      `${JSON.stringify({ kind: "llmops-review-queue", version: 1, runId: data.report.run.id, items: queue }, null, 2)}\n`,
    );
  }
  let page: string | null = null;
  if (o.html)
    page = (
      await writePage(cwd, data, o.html === true ? join(runDir, QUEUE_FILE) : resolve(cwd, o.html))
    ).file;
  return { queue, json, page };
}
