import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { MONITOR_DEFAULTS } from "../config/schema/monitor.js";
import type { Config } from "../config/types.js";
import { ConfigError, UsageError } from "../errors.js";
import { CaseExport } from "../monitor/export-cases.js";
import type { JudgeProgress } from "../monitor/judge.js";
import { loadMonitorFile, type MonitorSpec, parseTime, specDir } from "../monitor/load-monitor.js";
import { findLogFiles, shardFiles } from "../monitor/log-files.js";
import { type MonitorReport, windowInfo } from "../monitor/report.js";
import { StratifiedSample } from "../monitor/sample.js";
import { type LogFile, scanLogs } from "../monitor/scan.js";
import { findings, newState } from "../monitor/state.js";
import type { MonitorRecord } from "../monitor/types.js";
import { costWithCache } from "../provider/cached-price.js";
import { type CallMode, ModelCaller } from "../provider/caller.js";
import { FixtureStore } from "../provider/fixtures.js";
import { keysInUse, makeRedactor } from "../run/redact.js";
import { scorerRegistry } from "../scorer/registry.js";
import { finish, judge } from "./monitor-finish.js";

export interface MonitorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  signal?: AbortSignal;
  /** The *.monitor.yml file. */
  file: string;
  /** Current logs instead of the file's `logs`; reference logs instead of its `reference`. */
  logs?: string[] | undefined;
  reference?: string[] | undefined;
  since?: string | undefined;
  until?: string | undefined;
  shard?: { index: number; count: number };
  mode?: CallMode;
  cache?: boolean;
  maxCost?: number;
  exportCases?: string;
  /** Folder for monitor.json, monitor.md and monitor-state.json (what `monitor merge` reads). */
  out?: string;
  strict?: boolean;
  onProgress?: (records: number) => void;
  /** Told what went wrong that the run goes on without (a response cache it cannot write). */
  onWarning?: (message: string) => void;
}

export interface MonitorResult {
  exitCode: number;
  report: MonitorReport;
  exported: number | undefined;
  written: string[];
}

/** `llmops monitor`: score production logs, test drift and fairness, decide whether to alert. */
export async function runMonitor(o: MonitorOptions): Promise<MonitorResult> {
  const spec = await loadMonitorFile(resolve(o.cwd, o.file), o.cwd);
  if (o.shard && !o.out)
    throw new UsageError(
      "--shard needs --out",
      "each shard writes its state to --out; combine them with llmops monitor merge",
    );
  const { config } = await requireConfig(o.cwd);
  const now = o.now();
  const since = parseTime(o.since, "--since", now);
  const until = parseTime(o.until, "--until", now);
  const files = resolveFiles(spec, o);
  const m = spec.data;
  const state = newState(m.bucket ?? "day");
  const judges = m.judges;
  const sample = judges
    ? new StratifiedSample(
        judges.sample ?? MONITOR_DEFAULTS.sample,
        judges.seed ?? MONITOR_DEFAULTS.seed,
      )
    : undefined;
  const exporter = await openExport(o, config);
  await scanLogs(state, {
    files,
    format: m.format ?? "auto",
    fields: m.fields ?? {},
    scorers: m.scorers ?? [],
    registry: scorerRegistry,
    since,
    until,
    costOf: (r) => priceRecord(config, r),
    sample,
    onFlagged: exporter ? (obs) => exporter.cases.add(obs.record, findings(obs)) : undefined,
    onProgress: o.onProgress,
  });
  const records = windowInfo(state, "current").records + windowInfo(state, "reference").records;
  if (records === 0 && !o.shard) {
    await exporter?.close();
    throw new UsageError(
      `no records read from ${files.length} log file(s)${state.problems[0] ? `: ${state.problems[0]}` : ""}`,
      "check the log format and --since/--until",
    );
  }
  // Shards only scan: the sample is judged once, by `monitor merge`, so it is the one-run sample.
  let progress: JudgeProgress | undefined;
  if (sample && judges && !o.shard)
    progress = await judge(state, sample, spec, config, o, exporter?.cases);
  await exporter?.close();
  return finish(spec, state, o, progress, sample, exporter?.cases.size);
}

export async function requireConfig(cwd: string): Promise<{ config: Config }> {
  const { config, problems } = await loadConfig(cwd);
  if (!config) throw new ConfigError(problems);
  return { config };
}

function resolveFiles(spec: MonitorSpec, o: MonitorOptions): LogFile[] {
  const cur = o.logs?.length
    ? findLogFiles(o.logs, o.cwd, o.cwd)
    : findLogFiles(spec.data.logs ?? [], specDir(spec), o.cwd);
  const ref = o.reference?.length
    ? findLogFiles(o.reference, o.cwd, o.cwd)
    : findLogFiles(spec.data.reference ?? [], specDir(spec), o.cwd);
  const problems = [...cur.problems, ...ref.problems];
  if (problems.length) throw new ConfigError(problems);
  if (cur.files.length === 0)
    throw new UsageError(
      "no logs to read",
      `name them under logs: in ${spec.file}, or give them as arguments`,
    );
  // Shards split the reference and current files as one list, so n files make n busy shards.
  return shardFiles(
    [
      ...ref.files.map((f) => ({ ...f, role: "reference" as const })),
      ...cur.files.map((f) => ({ ...f, role: "current" as const })),
    ],
    o.shard,
  );
}

/** USD of a record from the configured or built-in price, cached input at its discount. */
function priceRecord(config: Config, r: MonitorRecord): number | undefined {
  if (r.inputTokens === undefined || r.outputTokens === undefined) return undefined;
  const caller = priceCaller(config);
  const price = caller.price(r.model);
  if (!price) return undefined;
  return costWithCache(
    caller.resolve(r.model).id,
    { input: r.inputTokens, output: r.outputTokens, cached: r.cachedTokens ?? 0 },
    price,
  );
}

const callers = new WeakMap<Config, ModelCaller>();
function priceCaller(config: Config): ModelCaller {
  let c = callers.get(config);
  if (!c) {
    c = new ModelCaller({
      config,
      env: {},
      mode: "replay",
      useCache: false,
      fixtures: new FixtureStore(config.root, config.paths.fixtures),
      cache: undefined,
      recordHint: "",
    });
    callers.set(config, c);
  }
  return c;
}

async function openExport(
  o: MonitorOptions,
  config: Config,
): Promise<{ cases: CaseExport; close: () => Promise<void> } | undefined> {
  if (!o.exportCases) return undefined;
  const path = resolve(o.cwd, o.exportCases);
  await mkdir(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path);
  const redact = makeRedactor({
    redact: true,
    knownSecrets: keysInUse(o.env, [
      "OPENAI_API_KEY",
      ...Object.values(config.providers).map((p) => p.apiKeyEnv ?? "OPENAI_API_KEY"),
    ]),
  });
  return {
    cases: new CaseExport(redact, (line) => stream.write(line)),
    close: () =>
      new Promise<void>((done, fail) =>
        stream.end((err?: Error | null) => (err ? fail(err) : done())),
      ),
  };
}
