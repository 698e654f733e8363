/** Case records folded from trial results as they stream by, and the outputs a report shows. */
import type { TrialResult } from "../run/types.js";
import { getOrSet } from "../util/map.js";
import { mean, round } from "../util/stats.js";
import type { CaseRecord, ModelRecord, RunRecords } from "./records.js";

/** Outputs kept per trial in baselines and comparisons: enough for a before/after in a report. */
export const OUTPUT_LIMIT = 1500;

type ScoreFacts = Pick<
  TrialResult["scores"][number],
  "name" | "type" | "value" | "pass" | "reason" | "error"
> & { judge?: { model: string; promptDigest: string } };

/** What one trial contributes to its case's record: no judge reasoning, an output only if kept. */
interface TrialFacts {
  trial: number;
  caseDigest: string;
  promptVersion: string;
  score: number;
  pass: boolean;
  error: { class: string; message: string } | null;
  output: string | null;
  scores: ScoreFacts[];
  promptTokens: number;
  completionTokens: number;
  cost: number | null;
  latencyMs: number | null;
}

const SEP = "\u0000";
/** Distinct texts kept for sharing; beyond this, texts are unique enough not to repeat. */
const MAX_INTERNED = 20_000;

/**
 * Folds trial results, in any order, into records per suite, model and case (trials sorted by
 * index). Without outputs, what it holds is a few numbers and scorer reasons per trial.
 */
export class RecordBuilder {
  private readonly cases = new Map<string, TrialFacts[]>();
  /**
   * One copy of each scorer reason and error message: most repeat from case to case
   * ('contains "ok"'), and at 100,000 cases the copies were a tenth of the run's heap.
   */
  private readonly texts = new Map<string, string>();
  constructor(private readonly opts: { outputs: boolean } = { outputs: false }) {}

  add(r: TrialResult): void {
    const key = `${r.suite}${SEP}${r.model}${SEP}${r.case}`;
    const facts = factsOf(r, this.opts.outputs, this.intern);
    const trials = this.cases.get(key);
    // [facts], not [] and a push: an array grown by push reserves 17 slots (~150 bytes a case).
    if (trials) trials.push(facts);
    else this.cases.set(key, [facts]);
  }

  private readonly intern = (s: string): string => {
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    if (this.texts.size < MAX_INTERNED) this.texts.set(s, s);
    return s;
  };

  /** The records; the builder is emptied as they are made. */
  finish(): RunRecords {
    const out: RunRecords = new Map();
    for (const [key, trials] of this.cases) {
      const [suite, model, id] = key.split(SEP) as [string, string, string];
      trials.sort((a, b) => a.trial - b.trial);
      const first = trials[0]!;
      const record = getOrSet(
        getOrSet(out, suite, () => new Map()),
        model,
        (): ModelRecord => ({ promptVersion: first.promptVersion, trials: 0, cases: {} }),
      );
      record.trials = Math.max(record.trials, trials.length);
      record.cases[id] = caseRecord(trials);
      this.cases.delete(key);
    }
    return out;
  }
}

function factsOf(r: TrialResult, keepOutput: boolean, intern: (s: string) => string): TrialFacts {
  return {
    trial: r.trial,
    caseDigest: r.caseDigest,
    promptVersion: r.promptVersion,
    score: r.score,
    pass: r.pass,
    error: r.error ? { class: r.error.class, message: intern(r.error.message) } : null,
    output: keepOutput ? clipOutput(r.output) : null,
    scores: r.scores.map((s) => ({
      name: s.name,
      type: s.type,
      value: s.value,
      pass: s.pass,
      reason: intern(s.reason),
      ...(s.error ? { error: s.error } : {}),
      ...(s.judge ? { judge: { model: s.judge.model, promptDigest: s.judge.promptDigest } } : {}),
    })),
    promptTokens: r.usage?.promptTokens ?? 0,
    completionTokens: r.usage?.completionTokens ?? 0,
    cost: r.cost,
    latencyMs: r.latencyMs,
  };
}

/** An output as records keep it: cut to OUTPUT_LIMIT characters. */
export function clipOutput(output: string | null): string | null {
  return output && output.length > OUTPUT_LIMIT ? `${output.slice(0, OUTPUT_LIMIT)}…` : output;
}

function caseRecord(trials: TrialFacts[]): CaseRecord {
  const errors: Record<string, number> = {};
  for (const t of trials) if (t.error) errors[t.error.class] = (errors[t.error.class] ?? 0) + 1;
  const ok = trials.filter((t) => !t.error);
  const firstError = trials.find((t) => t.error)?.error;
  const costs = ok.map((t) => t.cost);
  return {
    caseDigest: trials[0]!.caseDigest,
    scores: trials.map((t) => round(t.score)),
    passes: trials.filter((t) => t.pass).length,
    errors,
    ...(firstError ? { errorMessage: firstError.message } : {}),
    outputs: trials.map((t) => t.output),
    scorers: scorerRecords(trials, ok.length),
    judges: judgesOf(trials),
    tokens: {
      prompt: trials.reduce((n, t) => n + t.promptTokens, 0),
      completion: trials.reduce((n, t) => n + t.completionTokens, 0),
    },
    cost:
      ok.length && costs.every((c) => c !== null)
        ? round((costs as number[]).reduce((a, b) => a + b, 0))
        : null,
    latencyMs: timedMean(ok.map((t) => t.latencyMs)),
  };
}

/** The mean latency of the trials that have one (a batch's answers have none); null without. */
function timedMean(latencies: (number | null)[]): number | null {
  const known = latencies.filter((x): x is number => x !== null);
  return known.length ? Math.round(mean(known)) : null;
}

function scorerRecords(trials: TrialFacts[], scored: number): CaseRecord["scorers"] {
  const byScorer = new Map<string, ScoreFacts[]>();
  for (const t of trials) for (const s of t.scores) getOrSet(byScorer, s.name, () => []).push(s);
  return [...byScorer.entries()].map(([name, ss]) => {
    const failing = ss.find((s) => !s.pass);
    return {
      name,
      type: ss[0]!.type,
      value: round(mean(ss.map((s) => s.value))),
      passes: ss.filter((s) => s.pass).length,
      ...(ss.length !== scored ? { entries: ss.length } : {}),
      reason: (failing ?? ss[0]!).reason,
      ...(failing?.error ? { error: failing.error } : {}),
    };
  });
}

function judgesOf(trials: TrialFacts[]): CaseRecord["judges"] {
  const judges = new Map<string, CaseRecord["judges"][number]>();
  for (const t of trials)
    for (const s of t.scores)
      if (s.judge)
        judges.set(s.name, {
          scorer: s.name,
          model: s.judge.model,
          promptDigest: s.judge.promptDigest,
        });
  return [...judges.values()];
}

/**
 * Fill in, from one pass over a run's results, the outputs of the records `want` names (the few
 * cases a report shows), leaving every other record as small as it is.
 */
export async function attachOutputs(
  records: RunRecords,
  results: AsyncIterable<TrialResult>,
  want: (suite: string, model: string, id: string) => boolean,
): Promise<void> {
  const found = new Map<CaseRecord, [number, string | null][]>();
  for await (const r of results) {
    const cases = records.get(r.suite)?.get(r.model)?.cases;
    if (!cases || !Object.hasOwn(cases, r.case) || !want(r.suite, r.model, r.case)) continue;
    getOrSet(found, cases[r.case]!, () => []).push([r.trial, clipOutput(r.output)]);
  }
  for (const [record, outputs] of found)
    record.outputs = outputs.sort((a, b) => a[0] - b[0]).map(([, o]) => o);
}
