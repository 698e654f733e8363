/** Case records folded from trial results as they stream by, and the outputs a report shows. */
import type { TrialResult } from "../run/types.js";
import { getOrSet } from "../util/map.js";
import { mean, round } from "../util/stats.js";
import { TextArena } from "../util/text-arena.js";
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
  /** The scores' text, or its number in the builder's table: equal numbers, equal scores. */
  scoresText: Text;
  promptTokens: number;
  completionTokens: number;
  cost: number | null;
  latencyMs: number | null;
}

/** Distinct texts kept for sharing; beyond this, texts are unique enough not to repeat. */
const MAX_INTERNED = 20_000;

/** A case's trials: where each one's text is in the arena (most cases have one trial). */
type Trials = number | number[];

/**
 * Folds trial results, in any order, into records per suite, model and case (trials sorted by
 * index). Each trial waits for finish() as one compact JSON text in a TextArena: as objects (the
 * facts, an array and an object per score) a trial took ~500 bytes, as a string ~180 (a string's
 * header, and JSON.stringify returns a chain of pieces), in the arena ~60 bytes and a number; a
 * 100,000-case run keeps 100,000.
 */
export class RecordBuilder {
  /** Per suite, model and case id (the result's own strings: no key string a case). */
  private readonly cases = new Map<string, Map<string, Map<string, Trials>>>();
  private readonly arena = new TextArena();
  /**
   * Texts that repeat from case to case (scorer names and reasons, error messages, the prompt
   * version), kept once and written into a trial's text by their number.
   */
  private readonly texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  constructor(private readonly opts: { outputs: boolean } = { outputs: false }) {}

  add(r: TrialResult): void {
    const cases = getOrSet(
      getOrSet(this.cases, r.suite, () => new Map()),
      r.model,
      () => new Map<string, Trials>(),
    );
    const at = this.arena.add(JSON.stringify(encodeTrial(r, this.opts.outputs, this.intern)));
    const trials = cases.get(r.case);
    if (trials === undefined) cases.set(r.case, at);
    else if (typeof trials === "number") cases.set(r.case, [trials, at]);
    else trials.push(at);
  }

  /** A text's number in the table, or the text itself once the table is full. */
  private readonly intern = (s: string): Text => {
    const id = this.textIds.get(s);
    if (id !== undefined) return id;
    if (this.texts.length >= MAX_INTERNED) return s;
    this.textIds.set(s, this.texts.length);
    this.texts.push(s);
    return this.texts.length - 1;
  };

  /** The records; the builder is emptied as they are made. */
  finish(): RunRecords {
    const out: RunRecords = new Map();
    const text = (t: Text): string => (typeof t === "number" ? this.texts[t]! : t);
    // Most trials' scores are one of a few texts: each is decoded once and its facts shared (read
    // only), as are the scorer records of a one-trial case with them (finish() of 100,000 one-trial cases: 656 -> 352 ms).
    const scoreLists = new Map<number, ScoreFacts[]>();
    const scoresOf = (t: Text): ScoreFacts[] =>
      typeof t === "number"
        ? getOrSet(scoreLists, t, () => decodeScores(this.texts[t]!, text))
        : decodeScores(t, text);
    const share = sharer();
    const parts = { share, scorers: new Map<number, CaseRecord["scorers"]>() };
    for (const [suite, models] of this.cases)
      for (const [model, cases] of models) {
        for (const [id, stored] of cases) {
          const trials = (typeof stored === "number" ? [stored] : stored).map((at) =>
            decodeFacts(JSON.parse(this.arena.take(at)) as Encoded, text, scoresOf),
          );
          trials.sort((a, b) => a.trial - b.trial);
          const first = trials[0]!;
          const record = getOrSet(
            getOrSet(out, suite, () => new Map()),
            model,
            (): ModelRecord => ({ promptVersion: first.promptVersion, trials: 0, cases: {} }),
          );
          record.trials = Math.max(record.trials, trials.length);
          record.cases[id] = caseRecord(trials, parts);
        }
        cases.clear();
      }
    this.cases.clear();
    this.arena.clear();
    return out;
  }
}

/** A text in a trial's encoding: its number in the builder's table, or the text itself. */
type Text = number | string;
type EncodedScore = [
  name: Text,
  type: Text,
  value: number,
  pass: 0 | 1,
  reason: Text,
  error: NonNullable<ScoreFacts["error"]> | 0,
  judge: [model: Text, promptDigest: Text] | 0,
];
type Encoded = [
  trial: number,
  caseDigest: string,
  promptVersion: Text,
  score: number,
  pass: 0 | 1,
  error: [Text, Text] | 0,
  output: string | null,
  /** The JSON text of the EncodedScore[], as one text: most cases' scores repeat exactly. */
  scores: Text,
  promptTokens: number,
  completionTokens: number,
  cost: number | null,
  latencyMs: number | null,
];

/** A trial result as the builder keeps it: no judge reasoning, an output only if kept. */
function encodeTrial(r: TrialResult, keepOutput: boolean, t: (s: string) => Text): Encoded {
  return [
    r.trial,
    r.caseDigest,
    t(r.promptVersion),
    r.score,
    r.pass ? 1 : 0,
    r.error ? [t(r.error.class), t(r.error.message)] : 0,
    keepOutput ? clipOutput(r.output) : null,
    t(
      JSON.stringify(
        r.scores.map(
          (s): EncodedScore => [
            t(s.name),
            t(s.type),
            s.value,
            s.pass ? 1 : 0,
            t(s.reason),
            s.error ?? 0,
            s.judge ? [t(s.judge.model), t(s.judge.promptDigest)] : 0,
          ],
        ),
      ),
    ),
    r.usage?.promptTokens ?? 0,
    r.usage?.completionTokens ?? 0,
    r.cost,
    r.latencyMs,
  ];
}

function decodeFacts(
  e: Encoded,
  text: (t: Text) => string,
  scoresOf: (t: Text) => ScoreFacts[],
): TrialFacts {
  const [trial, caseDigest, version, score, pass, error, output, scores, pt, ct, cost, latency] = e;
  return {
    trial,
    caseDigest,
    promptVersion: text(version),
    score,
    pass: pass === 1,
    error: error ? { class: text(error[0]), message: text(error[1]) } : null,
    output,
    scores: scoresOf(scores),
    scoresText: scores,
    promptTokens: pt,
    completionTokens: ct,
    cost,
    latencyMs: latency,
  };
}

function decodeScores(json: string, text: (t: Text) => string): ScoreFacts[] {
  return (JSON.parse(json) as EncodedScore[]).map(
    ([name, type, value, passed, reason, err, judge]) => ({
      name: text(name),
      // Written from a ScoreFacts' type: one of the scorer types.
      type: text(type) as ScoreFacts["type"],
      value,
      pass: passed === 1,
      reason: text(reason),
      ...(err ? { error: err } : {}),
      ...(judge ? { judge: { model: text(judge[0]), promptDigest: text(judge[1]) } } : {}),
    }),
  );
}

/** An output as records keep it: cut to OUTPUT_LIMIT characters. */
export function clipOutput(output: string | null): string | null {
  return output && output.length > OUTPUT_LIMIT ? `${output.slice(0, OUTPUT_LIMIT)}…` : output;
}

/**
 * What most records share: no errors, no judges, one trial's unkept output. One frozen copy each
 * instead of three small objects a case (~100 bytes; a 100,000-case run makes 100,000 records at
 * its end). Frozen: whatever tried to change one would throw, not change every record.
 */
const NO_ERRORS = Object.freeze({}) as CaseRecord["errors"];
const NO_JUDGES = Object.freeze([]) as unknown as CaseRecord["judges"];
const ONE_UNKEPT = Object.freeze([null]) as unknown as CaseRecord["outputs"];

/** Distinct parts kept for sharing between records; beyond this, parts are unique enough. */
const MAX_SHARED = 5_000;

/**
 * Returns one frozen copy of equal parts of records (a case's scores, its scorers' outcomes, its
 * tokens): most cases of a run score the same, and each part was an object or array a case. The
 * records of 100,000 cases like the bench's took 569 bytes a case on the heap, 246 sharing them.
 * Equal is equal JSON: the parts hold strings and finite numbers only (scorers' values are made
 * finite when applied). Frozen: a change to one would throw, not change every record sharing it.
 */
function sharer(): <T extends object>(part: T) => T {
  const parts = new Map<string, object>();
  return <T extends object>(part: T): T => {
    const key = JSON.stringify(part);
    const found = parts.get(key);
    if (found) return found as T;
    if (parts.size >= MAX_SHARED) return part;
    if (Array.isArray(part)) for (const x of part) if (typeof x === "object") Object.freeze(x);
    parts.set(key, Object.freeze(part));
    return part;
  };
}

/** What records share: equal parts, and the scorer records of one-trial cases by their scores. */
interface Parts {
  share: <T extends object>(part: T) => T;
  scorers: Map<number, CaseRecord["scorers"]>;
}

function caseRecord(trials: TrialFacts[], parts: Parts): CaseRecord {
  const { share } = parts;
  let errors: Record<string, number> = NO_ERRORS;
  for (const t of trials)
    if (t.error) {
      if (errors === NO_ERRORS) errors = {};
      errors[t.error.class] = (errors[t.error.class] ?? 0) + 1;
    }
  const ok = trials.filter((t) => !t.error);
  const firstError = trials.find((t) => t.error)?.error;
  const costs = ok.map((t) => t.cost);
  const judges = judgesOf(trials);
  return {
    caseDigest: trials[0]!.caseDigest,
    scores: share(trials.map((t) => round(t.score))),
    passes: trials.filter((t) => t.pass).length,
    errors,
    ...(firstError ? { errorMessage: firstError.message } : {}),
    outputs:
      trials.length === 1 && trials[0]!.output === null ? ONE_UNKEPT : trials.map((t) => t.output),
    scorers: scorersOf(trials, ok.length, parts),
    judges: judges.length ? judges : NO_JUDGES,
    tokens: share({
      prompt: trials.reduce((n, t) => n + t.promptTokens, 0),
      completion: trials.reduce((n, t) => n + t.completionTokens, 0),
    }),
    cost:
      ok.length && costs.every((c) => c !== null)
        ? round((costs as number[]).reduce((a, b) => a + b, 0))
        : null,
    latencyMs: timedMean(ok.map((t) => t.latencyMs)),
  };
}

/** A case's scorer records: one copy for every one-trial case whose trial scored the same. */
function scorersOf(trials: TrialFacts[], scored: number, parts: Parts): CaseRecord["scorers"] {
  const t = trials[0]!.scoresText;
  const make = () => parts.share(scorerRecords(trials, scored));
  if (trials.length !== 1 || typeof t !== "number") return make();
  // Which scores a trial has is its text; whether it errored decides what they count over.
  return getOrSet(parts.scorers, t * 2 + scored, make);
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
