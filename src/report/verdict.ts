import { type Comparison, fmtP, pct, type SuiteComparison } from "../compare/compare.js";

/** The decision rule in one paragraph, shown under every comparison. */
export const DECISION_RULE =
  "Per suite and model, cases are paired by id and each case's score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar's exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p < alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.";

/** Label of a suite and model, with the baseline model when the suite switched models. */
export function suiteLabel(s: SuiteComparison): string {
  return `${s.suite} [${s.baselineModel ? `${s.baselineModel} -> ${s.model}` : s.model}]`;
}

/** Why a suite's verdict is what it is, in one line. */
export function suiteReason(s: SuiteComparison): string {
  const failing = s.checks.filter((c) => c.status === "fail");
  if (failing.length) return failing.map((c) => c.detail).join("; ");
  if (s.isNew) return `new: no baseline (pass rate ${pct(s.candidate.passRate)})`;
  const t = s.test;
  if (!t) return "nothing to compare: no case is in both runs without errors";
  const change =
    t.meanDiff === 0 ? "no change" : `${t.meanDiff > 0 ? "+" : "-"}${pct(Math.abs(t.meanDiff))}`;
  const base = `${change} in mean score, drop upper bound ${pct(t.dropUpper)} vs margin ${pct(s.gate.margin)}, ${fmtP(s.pAdjusted ?? t.pValue)}`;
  if (s.decision === "inconclusive")
    return `${base}; ${s.mde !== null ? `with ${s.paired} cases only drops above ${pct(s.mde)} are reliably detected` : `only ${s.paired} paired cases`}`;
  return base;
}

/** The first line of every report: the verdict and the numbers that decided it. */
export function verdictLine(c: Comparison): string {
  const by = (v: string) => c.suites.filter((s) => s.verdict === v);
  if (c.verdict === "fail")
    return `FAILED: ${by("fail")
      .map((s) => `${suiteLabel(s)}: ${suiteReason(s)}`)
      .join(" | ")}`;
  if (c.verdict === "inconclusive")
    return `INCONCLUSIVE: ${by("inconclusive")
      .map((s) => `${suiteLabel(s)}: ${suiteReason(s)}`)
      .join(" | ")}`;
  const regressions = c.suites.reduce((n, s) => n + s.counts.regressed, 0);
  return `PASSED: ${c.suites.length} suite${c.suites.length === 1 ? "" : "s"} compared, no significant drop beyond its margin${regressions ? ` (${regressions} case${regressions === 1 ? "" : "s"} regressed within noise)` : ""}`;
}
