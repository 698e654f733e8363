import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { BaselineSource } from "../compare/baseline.js";
import { compareRunDir } from "../compare/gate-run.js";
import { RecordBuilder } from "../compare/record-builder.js";
import type { RunRecords } from "../compare/records.js";
import { sequentialRoundSchema } from "../compare/schema.js";
import { sequentialLevels } from "../compare/sequential.js";
import { GATE_DEFAULTS } from "../config/schema/gate.js";
import { maxTrialsOf } from "../run/plan.js";
import { SUMMARY } from "../run/run-dir.js";
import { type RunSuitesOptions, runSuites, type SuitesRun } from "../run/run-suites.js";
import type { Project } from "../suite/types.js";
import { writeFileAtomic } from "../util/fs.js";

export type SequentialRound = z.infer<typeof sequentialRoundSchema>;
type Compared = Awaited<ReturnType<typeof compareRunDir>>;

/** A run after all its rounds: its last round's run and records, and the rounds. */
export interface RoundsRun {
  run: SuitesRun;
  records: RunRecords;
  /** The last round's comparison, when the rounds ended on it (eval need not compare again). */
  compared?: Compared | undefined;
  /** The project with each sequential suite's alpha replaced by its look's level. */
  project: Project;
  rounds: SequentialRound[];
}

/**
 * Sequential trials (docs/gate.md): run one trial per case; while a suite is INCONCLUSIVE at its
 * look's Pocock level, resume the run with one more trial for EVERY case of that suite and model
 * (never only the cases that look bad), up to its maxTrials. Each round goes through the run engine
 * as a resume of the same run folder, so recordings, the cache and --resume work per round.
 * Without sequential suites this is one plain run.
 */
export async function runRounds(
  o: RunSuitesOptions,
  source: BaselineSource,
  reference?: string,
): Promise<RoundsRun> {
  let records = new RecordBuilder();
  let run = await runSuites({ ...o, onResult: (r) => records.add(r) });
  let folded = records.finish();
  // A resumed run shows the rounds it had finished before it was interrupted.
  const rounds: SequentialRound[] = o.resume ? await readRounds(run.runDir) : [];
  // What the rounds before the last one spent (the last round's run counts only its own calls).
  let spentBefore = 0;
  for (;;) {
    const options = run.summary.meta.options;
    const max = sequentialMax(run.project, options);
    const project = atLevels(run.project, max);
    if (max.size === 0 || run.summary.status !== "complete")
      return { run, records: folded, project, rounds };
    const trials = options.roundTrials ?? {};
    const compared = await compareRunDir(
      project,
      run.runDir,
      run.summary,
      source,
      folded,
      reference,
    );
    const { comparison } = compared;
    const round = Math.max(1, ...Object.values(trials).flatMap((m) => Object.values(m)));
    const next: Record<string, Record<string, number>> = structuredClone(trials);
    let more = false;
    for (const s of comparison.suites) {
      const limit = max.get(s.suite);
      if (limit === undefined) continue;
      const k = trials[s.suite]?.[s.model] ?? 1;
      if (k !== round) continue; // decided in an earlier round: it ran no trial in this one
      rounds.push({
        round,
        suite: s.suite,
        model: s.model,
        trialsPerCase: k,
        maxTrials: limit,
        level: s.gate.alpha,
        decision: s.decision,
      });
      if (s.decision === "inconclusive" && k < limit) {
        next[s.suite] = { ...next[s.suite], [s.model]: k + 1 };
        more = true;
      }
    }
    if (!more) return { run, records: folded, project, rounds, compared };
    await writeFileAtomic(join(run.runDir, ROUNDS), `${JSON.stringify(rounds, null, 2)}\n`);
    const spent = run.summary.totals.spentUsd;
    records = new RecordBuilder();
    run = await runSuites({
      ...o,
      resume: run.runDir,
      roundTrials: next,
      // --max-cost is for the whole run: each round gets what the earlier ones left.
      maxCost:
        options.maxCost === null ? undefined : Math.max(0, options.maxCost - (spent - spentBefore)),
      onResult: (r) => records.add(r),
    });
    folded = records.finish();
    spentBefore = spent;
    // A resumed run counts what it spent itself: the run's total includes the earlier rounds.
    run.summary.totals.spentUsd = Number((run.summary.totals.spentUsd + spent).toFixed(6));
    await writeFileAtomic(join(run.runDir, SUMMARY), `${JSON.stringify(run.summary, null, 2)}\n`);
  }
}

/** rounds.json in a run folder: the rounds decided before the current one. */
const ROUNDS = "rounds.json";

async function readRounds(runDir: string): Promise<SequentialRound[]> {
  const text = await readFile(join(runDir, ROUNDS), "utf8").catch(() => undefined);
  return text === undefined ? [] : z.array(sequentialRoundSchema).parse(JSON.parse(text));
}

/** Per suite running sequential trials: its most trials per case. */
function sequentialMax(
  project: Project,
  options: SuitesRun["summary"]["meta"]["options"],
): Map<string, number> {
  const out = new Map<string, number>();
  if (options.judgeOnly) return out;
  for (const s of project.suites) {
    const max = maxTrialsOf(s, options);
    if (max !== undefined && max > 1) out.set(s.name, max);
  }
  return out;
}

/**
 * The project with each sequential suite's gate at its look's level: Pocock's level for alpha
 * over maxTrials looks (the same at every look, so a suite decided early stays decided).
 */
function atLevels(project: Project, max: Map<string, number>): Project {
  if (max.size === 0) return project;
  const suites = project.suites.map((s) => {
    const limit = max.get(s.name);
    if (limit === undefined) return s;
    const alpha = s.gate.alpha ?? GATE_DEFAULTS.alpha;
    return { ...s, gate: { ...s.gate, alpha: sequentialLevels(limit, alpha, "pocock")[0]! } };
  });
  return { ...project, suites };
}
