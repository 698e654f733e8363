import { type Comparison, fmtP, pct, points, type SuiteComparison } from "../compare/compare.js";
import { casesToRuleOut } from "../compare/power.js";
import { ExitCode } from "../errors.js";
import type { RunSummary } from "../run/types.js";
import type { ReportDecision } from "./types.js";

export { DECISION_RULE } from "./decision-rule.js";

/** Label of a suite and model, with the baseline model when the suite switched models. */
export function suiteLabel(s: SuiteComparison): string {
  return `${s.suite} [${s.baselineModel ? `${s.baselineModel} -> ${s.model}` : s.model}]`;
}

/** Why a suite's verdict is what it is, in one line. */
export function suiteReason(s: SuiteComparison): string {
  const failing = s.checks.filter((c) => c.status === "fail");
  if (failing.length) return failing.map((c) => c.detail).join("; ");
  const unsure = s.checks.filter((c) => c.status === "inconclusive").map((c) => c.detail);
  return [qualityReason(s), ...unsure].join("; ");
}

function qualityReason(s: SuiteComparison): string {
  if (s.isNew) return `new: no baseline (pass rate ${pct(s.candidate.passRate)})`;
  const t = s.test;
  if (!t) return "nothing to compare: no case is in both runs without errors";
  const change =
    t.meanDiff === 0 ? "no change" : `${t.meanDiff > 0 ? "+" : "-"}${points(Math.abs(t.meanDiff))}`;
  const base = `${change} in mean score, drop upper bound ${points(t.dropUpper)} vs margin ${points(s.gate.margin)}, ${fmtP(s.pAdjusted ?? t.pValue)}`;
  if (s.decision === "inconclusive" && t.nonZero === 0)
    return `no case changed, but ${s.paired} case${s.paired === 1 ? "" : "s"} cannot rule out a drop up to ${points(t.dropUpper)} (margin ${points(s.gate.margin)}); ${casesToRuleOut(s.gate.margin, s.gate.alpha)} unchanged cases would rule it out${priceOf(s)}`;
  if (s.decision === "inconclusive")
    return `${base}; ${s.mde !== null ? `with ${s.paired} cases only drops above ${points(s.mde)} are reliably detected` : `only ${s.paired} paired cases`}${toDecideText(s)}`;
  return base;
}

/** The price of the cases that would rule out a drop when nothing changed. */
function priceOf(s: SuiteComparison): string {
  const d = s.toDecide;
  if (!d) return "";
  return ` (${d.calls} more calls for baseline and candidate${about(d.cost)})`;
}

/** ", about $1.40" at the run's cost per call; nothing when unknown. */
function about(cost: number | null): string {
  return cost === null ? "" : `, about $${cost.toFixed(cost < 1 ? 4 : 2)}`;
}

/** What would decide an inconclusive suite, and its price: "; to catch a 3.0 pts drop ...". */
function toDecideText(s: SuiteComparison): string {
  const d = s.toDecide;
  if (!d) return "";
  const price = about(d.cost);
  const head = `; to catch a ${points(s.gate.margin)} drop 80% of the time`;
  if (d.trials === null)
    return `${head}: about ${d.cases} cases (${d.calls} more calls for baseline and candidate${price}); more trials alone would not do`;
  return `${head}: about ${d.trials} trials per case for baseline and candidate (${d.calls} more calls${price}) or about ${d.cases} cases`;
}

/** How a headline reads: the tone picks its icon and colour. */
export type HeadlineTone = "pass" | "fail" | "inconclusive" | "error" | "not-compared";

/** The first line of every report, terminal and file alike. */
export interface Headline {
  tone: HeadlineTone;
  text: string;
}

/**
 * The first line of every report, derived from the run's decision (the one that sets the exit
 * code) and then from the comparison for the numbers: a run that exits 3 never reads PASSED, a
 * shard's failed gate says that merge decides, and suites without a baseline are not "compared".
 */
export function headline(
  summary: RunSummary,
  comparison: Comparison | null,
  decision: ReportDecision,
): Headline {
  if (!comparison || summary.status !== "complete")
    return {
      tone: "not-compared",
      text: `NOT COMPARED: the run did not complete (${decision.failure ?? `status: ${summary.status}; ${summary.totals.trials} of ${summary.totals.planned} trials ran`}), so no gate was decided`,
    };
  if (decision.failure !== undefined || decision.exitCode === ExitCode.runFailed)
    return { tone: "error", text: `COULD NOT COMPLETE: ${decision.failure ?? "the run failed"}` };
  // One suite: its reason. Several: their names; each one's reason is listed under the headline.
  const by = (v: string) => {
    const hit = comparison.suites.filter((s) => s.verdict === v);
    const [only] = hit;
    if (hit.length === 1 && only) return `${suiteLabel(only)}: ${suiteReason(only)}`;
    return `${hit.length} suites: ${hit.map(suiteLabel).join(", ")}`;
  };
  const gateFailed = decision.exitCode === ExitCode.gateFailed;
  if (comparison.verdict === "fail") {
    const shard = summary.meta.options.shard;
    if (!gateFailed && shard)
      return {
        tone: "fail",
        text: `FAILED IN SHARD ${shard.index}/${shard.count} (llmops merge decides the gate): ${by("fail")}`,
      };
    return { tone: "fail", text: `FAILED: ${by("fail")}` };
  }
  if (comparison.verdict === "inconclusive")
    return gateFailed
      ? { tone: "fail", text: `FAILED (--strict, inconclusive): ${by("inconclusive")}` }
      : { tone: "inconclusive", text: `INCONCLUSIVE: ${by("inconclusive")}` };
  return { tone: "pass", text: passedText(comparison) };
}

function passedText(c: Comparison): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const fresh = c.suites.filter((s) => s.isNew).length;
  const compared = c.suites.length - fresh;
  if (compared === 0)
    return `NO BASELINE YET: ${plural(fresh, "suite")} new, checked against absolute thresholds only; write baselines with llmops eval --update-baseline`;
  const regressions = c.suites.reduce((n, s) => n + s.counts.regressed, 0);
  return `PASSED: ${plural(compared, "suite")} compared${fresh ? `, ${fresh} new (no baseline yet)` : ""}, no significant drop beyond its margin${regressions ? ` (${plural(regressions, "case")} regressed within noise)` : ""}`;
}
