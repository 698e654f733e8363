import type { ScorerConfig } from "../config/schema/scorers.js";
import { scorerName } from "../config/scorer-config.js";
import { LlmopsError } from "../errors.js";
import type { RawScore, Score, ScoreContext, ScorerImpl, ScorerRegistry } from "./types.js";

/** Run one scorer and apply negation, threshold and weight. A scorer that throws scores 0. */
export async function applyScorer(
  registry: ScorerRegistry,
  config: ScorerConfig,
  ctx: ScoreContext,
): Promise<Score> {
  const impl = registry[config.type] as ScorerImpl<typeof config.type>;
  let raw: RawScore;
  try {
    raw = await impl.score(config as never, ctx);
  } catch (err) {
    // A replay miss or a stopped run is the run's concern, not this scorer's verdict.
    if (err instanceof LlmopsError) throw err;
    raw = { value: 0, reason: `scorer failed: ${(err as Error).message}`, error: "scorer" };
  }
  if (!raw.error && !Number.isFinite(raw.value))
    raw = { ...raw, value: 0, error: "scorer", reason: `scorer returned ${raw.value}` };
  const threshold = config.threshold ?? impl.defaultThreshold ?? 1;
  const clamped = Math.min(1, Math.max(0, raw.value));
  // A guardrail's `expect: flagged` inverts it, as `not` does any other scorer.
  const flagged = "expect" in config && config.expect === "flagged";
  const invert = !!config.not || flagged;
  // A scorer that could not decide fails, negated or not: `not` must never turn an error into a pass.
  const value = raw.error ? 0 : invert ? 1 - clamped : clamped;
  return {
    name: scorerName(config),
    type: config.type,
    value,
    pass: !raw.error && (raw.pass === undefined ? value >= threshold : raw.pass !== invert),
    reason:
      invert && !raw.error ? `${flagged ? "expected flagged" : "not"}: ${raw.reason}` : raw.reason,
    weight: config.weight ?? 1,
    threshold,
    ...(raw.error ? { error: raw.error } : {}),
    ...(raw.judge ? { judge: raw.judge } : {}),
  };
}

/** A trial's score is the weighted mean of its scorers' values; it passes when every scorer passes. */
export function combineScores(scores: Score[]): { score: number; pass: boolean } {
  if (scores.length === 0) return { score: 0, pass: false };
  const total = scores.reduce((s, x) => s + x.weight, 0);
  const score =
    total > 0
      ? scores.reduce((s, x) => s + x.weight * x.value, 0) / total
      : scores.reduce((s, x) => s + x.value, 0) / scores.length;
  return { score, pass: scores.every((s) => s.pass) };
}

/** A scorer's label in results and reports: its name, else its type (github/<evaluator> for GitHub's). */
