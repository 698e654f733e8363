import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UsageError } from "../errors.js";
import type { JudgeProgress } from "../monitor/judge.js";
import { loadMonitorFile } from "../monitor/load-monitor.js";
import { StratifiedSample } from "../monitor/sample.js";
import { mergeStates } from "../monitor/state.js";
import { stateFromJson } from "../monitor/state-json.js";
import { type MonitorOptions, type MonitorResult, requireConfig } from "./monitor.js";
import { finish, judge, STATE_FILE, type StateFile } from "./monitor-finish.js";

export interface MonitorMergeOptions
  extends Omit<
    MonitorOptions,
    "file" | "shard" | "logs" | "reference" | "since" | "until" | "exportCases"
  > {
  dirs: string[];
}

/** `llmops monitor merge`: combine shard states into the numbers of one run, judge the sample, decide. */
export async function mergeMonitor(o: MonitorMergeOptions): Promise<MonitorResult> {
  if (o.dirs.length === 0)
    throw new UsageError("llmops monitor merge needs the --out folders of the shards");
  const parts: StateFile[] = [];
  for (const d of o.dirs) {
    const path = join(resolve(o.cwd, d), STATE_FILE);
    try {
      parts.push(JSON.parse(await readFile(path, "utf8")) as StateFile);
    } catch (err) {
      throw new UsageError(
        `${join(d, STATE_FILE)}: cannot read (${(err as Error).message.split("\n")[0]})`,
        "give the --out folders of llmops monitor --shard runs",
      );
    }
  }
  const first = parts[0]!;
  if (
    parts.some(
      (p) =>
        p.monitorFile !== first.monitorFile ||
        JSON.stringify(p.options) !== JSON.stringify(first.options),
    )
  )
    throw new UsageError(
      "the shards come from different monitor runs",
      "merge only the shards of one run (same monitor file and flags)",
    );
  const state = stateFromJson(first.state);
  for (const p of parts.slice(1)) mergeStates(state, stateFromJson(p.state));
  const spec = await loadMonitorFile(first.monitorFile, o.cwd);
  const { config } = await requireConfig(o.cwd);
  let sample: StratifiedSample | undefined;
  let progress: JudgeProgress | undefined;
  if (first.sample && spec.data.judges) {
    sample = new StratifiedSample(first.sample.size, first.sample.seed);
    for (const p of parts) for (const c of p.sample?.candidates ?? []) sample.add(c);
    progress = await judge(state, sample, spec, config, { ...o, file: spec.path }, undefined);
  }
  return finish(
    spec,
    state,
    { ...o, file: spec.path, ...first.options },
    progress,
    sample,
    undefined,
  );
}
