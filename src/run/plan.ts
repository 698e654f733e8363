import type { Case } from "../dataset/types.js";
import { UsageError } from "../errors.js";
import { globToRegExp } from "../suite/discover.js";
import type { Suite } from "../suite/types.js";
import { sha256 } from "../util/hash.js";

/** One trial to run: a case of a suite on a model. */
export interface Task {
  suite: Suite;
  model: string;
  case: Case;
  trial: number;
}

export interface PlanOptions {
  /** Patterns (globs) matched against suite names, case ids and suite/case. */
  filter?: string[] | undefined;
  /** Models that replace every suite's models. */
  models?: string[] | undefined;
  /** Trials per case, replacing the suites' settings. */
  trials?: number | undefined;
  /** Run only slice `index` (1-based) of `count`, chosen by a hash of suite and case id. */
  shard?: { index: number; count: number } | undefined;
  /** `--until-decided [maxTrials]`: every suite runs sequential trials (docs/gate.md). */
  untilDecided?: number | true | undefined;
  /** Sequential trials: the current round's trials per case, per suite and model. */
  roundTrials?: Record<string, Record<string, number>> | undefined;
}

/** Default most trials per case of `--until-decided` for a suite without `gate.sequential`. */
export const SEQUENTIAL_DEFAULT_MAX_TRIALS = 3;

/**
 * The most trials per case sequential trials may spend on a suite, or undefined when the suite
 * does not run them: `--until-decided N`, else its `gate.sequential.maxTrials`, else (with a bare
 * `--until-decided`) the default. A `--trials` flag without `--until-decided` turns it off.
 */
export function maxTrialsOf(
  suite: Pick<Suite, "gate">,
  o: { untilDecided?: number | true | undefined; trials?: number | null | undefined },
): number | undefined {
  const { untilDecided } = o;
  if (typeof untilDecided === "number") return untilDecided;
  // An explicit --trials is a fixed design: it overrides the suite's gate.sequential.
  if (!untilDecided && o.trials) return undefined;
  const own = suite.gate.sequential?.maxTrials;
  return own ?? (untilDecided ? SEQUENTIAL_DEFAULT_MAX_TRIALS : undefined);
}

/** The trials of a run, in a stable order: suite, model, case, trial. */
export function planRun(suites: Suite[], opts: PlanOptions = {}): Task[] {
  const filters = (opts.filter ?? [])
    .flatMap((f) => f.split(","))
    .filter(Boolean)
    .map((f) => globToRegExp(f));
  const tasks: Task[] = [];
  for (const suite of suites) {
    const suiteMatch = filters.length === 0 || filters.some((re) => re.test(suite.name));
    const cases = suite.cases.filter(
      (c) => suiteMatch || filters.some((re) => re.test(c.id) || re.test(`${suite.name}/${c.id}`)),
    );
    const selected = opts.shard
      ? cases.filter((c) => inShard(suite.name, c.id, opts.shard!))
      : cases;
    const sequential = maxTrialsOf(suite, opts) !== undefined;
    for (const model of opts.models?.length ? opts.models : suite.models) {
      // Sequential trials start at one per case; each round adds trial index k for every case.
      const trials = sequential
        ? (opts.roundTrials?.[suite.name]?.[model] ?? 1)
        : (opts.trials ?? suite.trials);
      for (const c of selected)
        for (let t = 0; t < trials; t++) tasks.push({ suite, model, case: c, trial: t });
    }
  }
  if (filters.length > 0 && tasks.length === 0) {
    throw new UsageError(
      `--filter ${opts.filter!.join(",")} matches no suite or case`,
      "filters are globs over suite names, case ids and suite/case",
    );
  }
  return tasks;
}

/** Stable under reordering and under adding other cases: a case's shard depends on its own id only. */
export function inShard(
  suite: string,
  caseId: string,
  shard: { index: number; count: number },
): boolean {
  const h = Number.parseInt(sha256(`${suite}\u0000${caseId}`).slice(0, 8), 16);
  return h % shard.count === shard.index - 1;
}

/** Keep only what `judge check` runs: cases with a human label, scored by judge scorers only. */
export function judgeOnlySuites(suites: Suite[], isJudge: (type: string) => boolean): Suite[] {
  return suites
    .map((s) => ({
      ...s,
      trials: 1,
      scorers: s.scorers.filter((x) => isJudge(x.type)),
      cases: s.cases
        .filter((c) => c.human !== undefined)
        .map((c) => ({ ...c, scorers: c.scorers.filter((x) => isJudge(x.type)) })),
    }))
    .filter(
      (s) =>
        s.cases.length > 0 && (s.scorers.length > 0 || s.cases.some((c) => c.scorers.length > 0)),
    );
}
