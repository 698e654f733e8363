import { join, resolve } from "node:path";
import type { Config } from "../config/types.js";
import { ExitCode, RunError } from "../errors.js";
import { alertsOf } from "../monitor/alerts.js";
import { alertSettings, analyze } from "../monitor/analyze.js";
import type { CaseExport } from "../monitor/export-cases.js";
import { type JudgeProgress, judgeSample } from "../monitor/judge.js";
import type { MonitorSpec } from "../monitor/load-monitor.js";
import { type MonitorReport, verdictOf, windowInfo } from "../monitor/report.js";
import type { Candidate, StratifiedSample } from "../monitor/sample.js";
import { seriesOf } from "../monitor/series.js";
import type { MonitorState } from "../monitor/state.js";
import { type MonitorStateJson, stateToJson } from "../monitor/state-json.js";
import { ResponseCache } from "../provider/cache.js";
import { ModelCaller } from "../provider/caller.js";
import { FixtureStore } from "../provider/fixtures.js";
import { scorerRegistry } from "../scorer/registry.js";
import { writeFileAtomic } from "../util/fs.js";
import type { MonitorOptions, MonitorResult } from "./monitor.js";

export const STATE_FILE = "monitor-state.json";

export async function judge(
  state: MonitorState,
  sample: StratifiedSample,
  spec: MonitorSpec,
  config: Config,
  o: MonitorOptions,
  cases: CaseExport | undefined,
): Promise<JudgeProgress> {
  const mode = o.mode ?? "auto";
  const fixtures = new FixtureStore(config.root, config.paths.fixtures);
  const caller = new ModelCaller({
    config,
    env: o.env,
    mode,
    useCache: o.cache ?? true,
    fixtures,
    cache: (o.cache ?? true) ? new ResponseCache(resolve(config.root, ".llmops/cache")) : undefined,
    recordHint: `llmops monitor ${spec.file} --record`,
    onEvent: (e) => {
      if (e.type === "cache_unwritable") o.onWarning?.(e.message);
    },
  });
  const picked: Candidate[] = [...sample.pick("reference"), ...sample.pick("current")];
  const progress = await judgeSample(state, picked, {
    caller,
    config,
    registry: scorerRegistry,
    scorers: spec.data.judges?.scorers ?? [],
    name: `monitor-${spec.name}`,
    judge: spec.data.judges?.model,
    maxCost: o.maxCost,
    signal: o.signal ?? new AbortController().signal,
    onJudged: (c, scores) => {
      if (c.window === "current") cases?.addJudged(c.record, scores);
    },
  });
  if (mode === "record") await fixtures.flush();
  // Every judge call failing is an outage, not a verdict: say so instead of reporting rates of 0.
  if (progress.judged > 0 && progress.failed === progress.judged)
    throw new RunError(
      `the judges could not answer any of the ${progress.judged} sampled records: ${progress.firstFailure}`,
      "check the judge model's provider and key in llmops.yaml, or record responses with --record",
    );
  return progress;
}

export async function finish(
  spec: MonitorSpec,
  state: MonitorState,
  o: MonitorOptions,
  judges: JudgeProgress | undefined,
  sample: StratifiedSample | undefined,
  exported: number | undefined,
): Promise<MonitorResult> {
  const analysis = analyze(state, alertSettings(spec.data.alerts));
  const alerts = alertsOf(analysis, state);
  const ref = windowInfo(state, "reference");
  const report: MonitorReport = {
    name: spec.name,
    verdict: verdictOf(alerts, analysis),
    windows: { current: windowInfo(state, "current"), reference: ref.records ? ref : undefined },
    alerts,
    analysis,
    series: seriesOf(state),
    judges,
    skipped: state.skipped,
    problems: state.problems,
    reproduce: reproduceCommand(spec, o),
  };
  const written = o.out
    ? await writeOut(resolve(o.cwd, o.out), report, state, spec, sample, o)
    : [];
  // A shard sees part of the traffic: `monitor merge` decides.
  const failed =
    !o.shard &&
    (report.verdict === "alert" || (o.strict === true && report.verdict === "inconclusive"));
  return { exitCode: failed ? ExitCode.gateFailed : ExitCode.ok, report, exported, written };
}

function reproduceCommand(spec: MonitorSpec, o: MonitorOptions): string {
  const q = (s: string) => (/^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  const parts = ["npx llmops monitor", q(spec.file), ...(o.logs ?? []).map(q)];
  for (const r of o.reference ?? []) parts.push("--reference", q(r));
  if (o.since) parts.push("--since", q(o.since));
  if (o.until) parts.push("--until", q(o.until));
  return parts.join(" ");
}

/** What a monitor run keeps for `monitor merge`: the state, the judge sample and the settings. */
export interface StateFile {
  monitorFile: string;
  options: Pick<MonitorOptions, "since" | "until" | "logs" | "reference">;
  state: MonitorStateJson;
  sample: { size: number; seed: number; candidates: Candidate[] } | undefined;
}

async function writeOut(
  dir: string,
  report: MonitorReport,
  state: MonitorState,
  spec: MonitorSpec,
  sample: StratifiedSample | undefined,
  o: MonitorOptions,
): Promise<string[]> {
  const { renderMonitorMarkdown } = await import("../monitor/render-markdown.js");
  const files = {
    "monitor.json": `${JSON.stringify(report, null, 2)}\n`,
    "monitor.md": renderMonitorMarkdown(report),
    [STATE_FILE]: JSON.stringify({
      monitorFile: spec.path,
      options: { since: o.since, until: o.until, logs: o.logs, reference: o.reference },
      state: stateToJson(state),
      sample: sample
        ? { size: sample.size, seed: sample.seed, candidates: sample.toJson() }
        : undefined,
    } satisfies StateFile),
  };
  for (const [name, text] of Object.entries(files)) await writeFileAtomic(join(dir, name), text);
  return Object.keys(files).map((n) => join(dir, n));
}
