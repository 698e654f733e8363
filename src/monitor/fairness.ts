import { normalCdf } from "../compare/stats.js";
import { type Rate, type RateMetric, rate } from "./metrics.js";
import type { SliceStats } from "./slice-stats.js";

/** One metric compared across the groups of one window. */
export interface FairnessTest {
  metric: string;
  groups: ({ group: string } & Rate)[];
  /** The group with the highest (worst) and lowest rate among the tested groups. */
  worst: string;
  best: string;
  gap: number;
  maxGroupGap: number;
  /** Two-sided p of worst vs best, Bonferroni-corrected for the pairs that could have been picked. */
  pValue: number;
  pAdjusted: number;
  flagged: boolean;
}

export type RawFairness = Omit<FairnessTest, "pAdjusted" | "flagged">;

/**
 * Each group's rate with its Wilson interval and the gap between the worst and best group. Only
 * groups with at least `minGroupSize` records in the metric's base are tested.
 */
export function groupGap(
  m: RateMetric,
  groups: ReadonlyMap<string, SliceStats>,
  minGroupSize: number,
  maxGroupGap: number,
): RawFairness | undefined {
  const rows = [...groups]
    .map(([group, s]) => {
      const [bad, n] = m.count(s);
      return { group, ...rate(bad, n) };
    })
    .filter((r) => r.n > 0)
    .sort((a, b) => a.group.localeCompare(b.group));
  const tested = rows.filter((r) => r.n >= minGroupSize);
  if (tested.length < 2) return undefined;
  const byRate = [...tested].sort((a, b) => a.rate! - b.rate!);
  const best = byRate[0]!;
  const worst = byRate.at(-1)!;
  const pairs = (tested.length * (tested.length - 1)) / 2;
  return {
    metric: m.metric,
    groups: rows,
    worst: worst.group,
    best: best.group,
    gap: worst.rate! - best.rate!,
    maxGroupGap,
    pValue: Math.min(1, pairs * twoSidedP(worst, best)),
  };
}

function twoSidedP(a: Rate, b: Rate): number {
  const pooled = (a.count + b.count) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (se === 0) return a.rate === b.rate ? 1 : 0;
  return 2 * (1 - normalCdf(Math.abs(a.rate! - b.rate!) / se));
}
