import { type GroupGap, groupGap as gapOf } from "../compare/group-gap.js";
import type { RateMetric } from "./metrics.js";
import type { SliceStats } from "./slice-stats.js";

/** One metric compared across the groups of one window. */
export interface FairnessTest extends GroupGap {
  metric: string;
  maxGroupGap: number;
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
  const counts = [...groups].map(([group, s]) => {
    const [bad, n] = m.count(s);
    return { group, bad, n };
  });
  const gap = gapOf(counts, minGroupSize);
  return gap && { metric: m.metric, maxGroupGap, ...gap };
}
