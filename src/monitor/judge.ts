import pLimit from "p-limit";
import type { ScorerConfig } from "../config/schema/scorers.js";
import type { Config } from "../config/types.js";
import type { ModelCaller } from "../provider/caller.js";
import { makeJudgeCaller } from "../run/judge-caller.js";
import type { Task } from "../run/plan.js";
import { applyScorer } from "../scorer/apply.js";
import type { ScorerRegistry } from "../scorer/types.js";
import { getOrSet } from "../util/map.js";
import { type RecordScore, recordContext } from "./observe.js";
import type { Candidate } from "./sample.js";
import { newSliceStats, tallyScore } from "./slice-stats.js";
import { bucketOf, keepExample, type MonitorState, sliceKeys } from "./state.js";

export interface JudgeOptions {
  caller: ModelCaller;
  config: Config;
  registry: ScorerRegistry;
  scorers: readonly ScorerConfig[];
  /** Recordings of the judges' replies are kept under this suite name in fixtures/. */
  name: string;
  judge: string | undefined;
  maxCost: number | undefined;
  signal: AbortSignal;
  onJudged?: (c: Candidate, scores: RecordScore[]) => void;
}

/** How far the judging got. */
export interface JudgeProgress {
  planned: number;
  judged: number;
  /** USD spent on live judge calls. */
  spent: number;
  stoppedByBudget: boolean;
  /** Judged records where a judge could not decide, and the first reason. */
  failed: number;
  firstFailure: string | undefined;
}

/**
 * Judge the sampled records through the recording and cache layer (a rerun answers from the
 * cache, so an interrupted run resumes where it stopped) and count the verdicts in the state.
 */
export async function judgeSample(
  state: MonitorState,
  picked: readonly Candidate[],
  o: JudgeOptions,
): Promise<JudgeProgress> {
  const limit = pLimit(o.config.concurrency);
  const p: JudgeProgress = {
    planned: picked.length,
    judged: 0,
    spent: 0,
    stoppedByBudget: false,
    failed: 0,
    firstFailure: undefined,
  };
  const suite = { name: o.name, judge: o.judge } as Task["suite"];
  await Promise.all(
    picked.map((c) =>
      limit(async () => {
        if (o.maxCost !== undefined && p.spent >= o.maxCost) {
          p.stoppedByBudget = true;
          return;
        }
        const task = { suite, model: c.record.model, case: { id: c.record.id }, trial: 0 } as Task;
        const base = makeJudgeCaller(o.caller, task, o.config, o.signal);
        const judge: typeof base = async (req) => {
          const reply = await base(req);
          if (!("error" in reply) && reply.source === "live") p.spent += reply.cost ?? 0;
          return reply;
        };
        const scores: RecordScore[] = [];
        for (const config of o.scorers) {
          const s = await applyScorer(o.registry, config, recordContext(c.record, judge));
          scores.push({
            name: s.name,
            value: s.value,
            pass: s.pass,
            reason: s.reason,
            error: s.error !== undefined,
          });
        }
        count(state, c, scores);
        const failure = scores.find((x) => x.error);
        if (failure) {
          p.failed++;
          p.firstFailure ??= failure.reason;
        }
        if (c.window === "current")
          for (const s of scores)
            if (!s.pass) keepExample(state, c.record, `judge:${s.name}`, s.reason);
        p.judged++;
        o.onJudged?.(c, scores);
      }),
    ),
  );
  return p;
}

function count(state: MonitorState, c: Candidate, scores: RecordScore[]): void {
  const b = bucketOf(c.record.time, state.bucket);
  const slices = getOrSet(state.windows[c.window], b, () => new Map());
  for (const key of sliceKeys(c.record)) {
    const s = getOrSet(slices, key, newSliceStats);
    for (const sc of scores) tallyScore(s.judges, sc.name, sc.value, sc.pass, sc.error);
  }
}
