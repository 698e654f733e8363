import type { TrialResult } from "../run/types.js";

/** One trial of case `caseId` of suite s on model m: an `exact` scorer, passing unless told. */
export function trialResult(
  caseId: string,
  t: number,
  extra: Partial<TrialResult> = {},
): TrialResult {
  const pass = extra.pass ?? true;
  return {
    suite: "s",
    model: "m",
    case: caseId,
    trial: t,
    promptVersion: "v1",
    caseDigest: `d-${caseId}`,
    requestKey: `k-${caseId}-${t}`,
    output: `output of ${caseId} #${t}`,
    scores: [
      {
        name: "exact",
        type: "equals",
        value: pass ? 1 : 0,
        pass,
        reason: pass ? "equal" : `trial ${t} differs`,
        weight: 1,
        threshold: 1,
      },
    ],
    score: pass ? 1 : 0,
    pass,
    latencyMs: 100 + t,
    ttftMs: 50,
    usage: { promptTokens: 10, completionTokens: 2 },
    cost: 0.001,
    finishReason: "stop",
    error: null,
    source: "live",
    judge: null,
    ...extra,
  };
}
