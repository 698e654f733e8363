import type { z } from "zod";
import { type CaseRecord, caseMean, casePassRate, errorCount } from "./records.js";
import type { caseChangeSchema, caseStatusSchema } from "./schema.js";
import { wilson } from "./stats.js";

export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** A case's change between baseline and candidate, as reports show it. */
export type CaseChange = z.infer<typeof caseChangeSchema>;

/** Score changes smaller than this are not called a change of a case. */
const SCORE_EPSILON = 0.05;

/**
 * One case's status. A case that passes on some trials and fails on others is flaky, never a
 * regression; a failed call is an error, not a quality verdict.
 */
export function classifyCase(
  id: string,
  baseline: CaseRecord | null,
  candidate: CaseRecord | null,
): CaseChange {
  if (!candidate) return { id, status: "removed", delta: null, baseline, candidate };
  if (errorCount(candidate) > 0) return { id, status: "errored", delta: null, baseline, candidate };
  if (!baseline) return { id, status: "new", delta: null, baseline, candidate };
  const delta = caseMean(candidate) - caseMean(baseline);
  const rate = casePassRate(candidate);
  if (rate > 0 && rate < 1) {
    const ci = wilson(candidate.passes, candidate.scores.length);
    return { id, status: "flaky", delta, baseline, candidate, passRate: { rate, ...ci } };
  }
  const before = casePassRate(baseline);
  let status: CaseStatus = "unchanged";
  if (rate < before || (rate === before && delta < -SCORE_EPSILON)) status = "regressed";
  else if (rate > before || (rate === before && delta > SCORE_EPSILON)) status = "improved";
  return { id, status, delta, baseline, candidate };
}
