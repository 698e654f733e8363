/**
 * Fairness across groups, shared by the eval gate (`maxGroupGap` on a suite's `groupBy`) and
 * `llmops monitor`: each group's failure rate with its Wilson interval, and the gap between the
 * worst and best group with a two-sided test.
 */
import { normalCdf, wilson } from "./stats.js";

/** A share with its Wilson 95% interval. */
export interface Rate {
  count: number;
  n: number;
  rate: number | null;
  low: number;
  high: number;
}

export function rate(count: number, n: number): Rate {
  const w = wilson(count, n);
  return { count, n, rate: n ? count / n : null, low: w.low, high: w.high };
}

/** The largest gap between groups of one metric. */
export interface GroupGap {
  groups: ({ group: string } & Rate)[];
  /** The group with the highest (worst) and lowest rate among the tested groups. */
  worst: string;
  best: string;
  gap: number;
  /** Two-sided p of worst vs best, Bonferroni-corrected for the pairs that could have been picked. */
  pValue: number;
}

/**
 * The gap between the worst and best group. `bad` counts the bad outcomes of a group out of `n`;
 * only groups with at least `minGroupSize` outcomes are tested (all are shown). Undefined when
 * fewer than two groups can be tested.
 */
export function groupGap(
  counts: Iterable<{ group: string; bad: number; n: number }>,
  minGroupSize: number,
): GroupGap | undefined {
  const rows = [...counts]
    .filter((c) => c.n > 0)
    .map((c) => ({ group: c.group, ...rate(c.bad, c.n) }))
    .sort((a, b) => a.group.localeCompare(b.group));
  const tested = rows.filter((r) => r.n >= minGroupSize);
  if (tested.length < 2) return undefined;
  const byRate = [...tested].sort((a, b) => a.rate! - b.rate!);
  const best = byRate[0]!;
  const worst = byRate.at(-1)!;
  const pairs = (tested.length * (tested.length - 1)) / 2;
  return {
    groups: rows,
    worst: worst.group,
    best: best.group,
    gap: worst.rate! - best.rate!,
    pValue: Math.min(1, pairs * twoSidedP(worst, best)),
  };
}

/** Two-proportion z test with the pooled rate. */
function twoSidedP(a: Rate, b: Rate): number {
  const pooled = (a.count + b.count) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (se === 0) return a.rate === b.rate ? 1 : 0;
  return 2 * (1 - normalCdf(Math.abs(a.rate! - b.rate!) / se));
}
