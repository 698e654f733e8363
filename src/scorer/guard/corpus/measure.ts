import type { Message } from "../../../prompt/types.js";
import type { ScoreContext } from "../../types.js";

/** A labelled corpus: texts a detector must flag and texts it must leave alone. */
export interface Corpus<P = string, N = P> {
  positives: readonly P[];
  negatives: readonly N[];
}

/** Precision and recall of a detector over a corpus, with the misses for the failure message. */
export interface Measured {
  precision: number;
  recall: number;
  falsePositives: string[];
  falseNegatives: string[];
}

/** Run a detector over a corpus: `flags` says whether it flags an item. */
export function measureCorpus<P, N = P>(
  corpus: Corpus<P, N>,
  flags: (item: P | N) => boolean,
  show: (item: P | N) => string = String,
): Measured {
  const falseNegatives = corpus.positives.filter((p) => !flags(p)).map(show);
  const falsePositives = corpus.negatives.filter((n) => flags(n)).map(show);
  const tp = corpus.positives.length - falseNegatives.length;
  const flagged = tp + falsePositives.length;
  return {
    precision: flagged === 0 ? 1 : tp / flagged,
    recall: corpus.positives.length === 0 ? 1 : tp / corpus.positives.length,
    falsePositives,
    falseNegatives,
  };
}

/** A score context with only what guardrail scorers read; the rest is never touched. */
export function makeContext(
  output: string,
  vars: Record<string, unknown> = {},
  messages: Message[] = [],
): ScoreContext {
  return {
    output,
    case: { id: "c1", vars, scorers: [], file: "evals/t.eval.yml", line: 1, digest: "d" },
    suite: { prompt: { messages } },
    completion: {},
    cost: undefined,
  } as unknown as ScoreContext;
}
