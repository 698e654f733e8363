/**
 * Group-sequential levels for the gate: test after every round of trials, at most `maxRounds`
 * rounds, and keep the overall false-FAIL rate at alpha. Pure, seeded, cached.
 *
 * The boundary is found for the canonical joint distribution of the looks (a Brownian motion
 * observed at equally spaced information, Jennison & Turnbull ch. 2): Z_k = S_k / sqrt(k). For
 * Pocock every look uses the same z; for O'Brien-Fleming look k uses c * sqrt(K / k). The
 * constant c is the (1 - alpha) quantile of the maximum over the looks, estimated from a fixed
 * seeded sample of paths, so every run gets the same levels.
 */

import { createSeededRandom, normalCdf } from "./distributions.js";

export type SequentialDesign = "pocock" | "obrien-fleming";

const PATHS = 100_000;
const cache = new Map<string, number[]>();

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * One-sided nominal levels, one per look, whose union has probability alpha under "no drop":
 * a suite FAILs at look k when its p-value is below levels[k - 1] (and the bound, at the same
 * level, is above the margin).
 */
export function sequentialLevels(
  maxRounds: number,
  alpha: number,
  design: SequentialDesign = "pocock",
): number[] {
  const k = Math.max(1, Math.floor(maxRounds));
  if (k === 1) return [alpha];
  const key = `${k}:${alpha}:${design}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const random = createSeededRandom(20_261_202);
  const maxima = new Float64Array(PATHS);
  for (let p = 0; p < PATHS; p++) {
    let s = 0;
    let m = Number.NEGATIVE_INFINITY;
    for (let look = 1; look <= k; look++) {
      s += gaussian(random);
      const z = s / Math.sqrt(look);
      const scaled = design === "pocock" ? z : z * Math.sqrt(look / k);
      if (scaled > m) m = scaled;
    }
    maxima[p] = m;
  }
  maxima.sort();
  const c = maxima[Math.min(PATHS - 1, Math.ceil((1 - alpha) * PATHS) - 1)]!;
  const levels = Array.from({ length: k }, (_, i) => {
    const z = design === "pocock" ? c : c * Math.sqrt(k / (i + 1));
    return 1 - normalCdf(z);
  });
  cache.set(key, levels);
  return levels;
}
