/**
 * The sequential design, by seeded simulation of the statistical rule (not the CLI): 200 cases,
 * 160 always pass and 40 flaky with a pass probability uniform in [0.2, 0.8] (10% baseline
 * error), baseline recorded at the maximum number of trials, candidate run one trial per case
 * per round while the suite is INCONCLUSIVE, Pocock levels for at most 3 rounds at alpha 0.05.
 * 1000 runs per scenario (95% interval of a 5% rate: +-1.4 points; of a 90% rate: +-1.9).
 *
 * Measured (1000 runs; maxTrials 3 unless said; the first row with this file's seeds 71 and 72,
 * the others from an exploratory run with other seeds, where Pocock 3 gave 3.9% / 1.93 / 99.8%):
 *   design            A/A false FAIL   A/A trials/case   8-point power   8-point trials/case
 *   Pocock 3            5.0%             1.94              99.7%           1.11
 *   O'Brien-Fleming 3   4.2%             2.28              100%            1.45
 *   Pocock 5            2.8%             2.30              100%            1.12
 *   (1-trial baseline, Pocock 3: 1.9%, 2.29, 98.5%, 1.26)
 * The cost goal (1.8 trials per case on no-change runs) is not met at margin 0.03: a
 * no-change run stops early only when its bound falls within the margin, which one trial of
 * 200 cases rarely allows.
 */
import { describe, expect, it } from "vitest";
import { type SequentialDesign, sequentialLevels } from "./sequential.js";
import { createSeededRandom, decide, pairedDropTest } from "./stats.js";

type Random = () => number;
const N = 200;
const REPS = 1000;

function population(random: Random): number[] {
  return Array.from({ length: N }, (_, i) => (i < 160 ? 1 : 0.2 + 0.6 * random()));
}

function simulate(drop: number, maxTrials: number, design: SequentialDesign, seed: number) {
  const levels = sequentialLevels(maxTrials, 0.05, design);
  const random = createSeededRandom(seed);
  let fails = 0;
  let rounds = 0;
  for (let r = 0; r < REPS; r++) {
    const latent = population(random);
    const mu = latent.reduce((a, x) => a + x, 0) / N;
    const cand = latent.map((p) => p * (1 - drop / mu));
    const base = latent.map((p) => {
      let s = 0;
      for (let t = 0; t < maxTrials; t++) if (random() < p) s++;
      return s / maxTrials;
    });
    const passes = new Array<number>(N).fill(0);
    for (let k = 1; k <= maxTrials; k++) {
      for (let i = 0; i < N; i++) if (random() < cand[i]!) passes[i]!++;
      rounds++;
      const level = levels[k - 1]!;
      const d = decide(
        pairedDropTest(
          passes.map((s, i) => s / k - base[i]!),
          level,
        ),
        0.03,
        level,
      );
      if (d === "fail") fails++;
      if (d !== "inconclusive") break;
    }
  }
  return { failRate: fails / REPS, trialsPerCase: rounds / REPS };
}

describe("sequentialLevels", () => {
  it("spends alpha like the published boundaries", () => {
    expect(sequentialLevels(1, 0.05)).toEqual([0.05]);
    // Jennison & Turnbull, one-sided 0.05 (two-sided 0.10), 3 looks: Pocock 0.0232 each.
    for (const l of sequentialLevels(3, 0.05, "pocock")) expect(l).toBeCloseTo(0.023, 2);
    const obf = sequentialLevels(3, 0.05, "obrien-fleming");
    expect(obf[0]).toBeLessThan(0.003);
    expect(obf[2]).toBeCloseTo(0.044, 2);
  });
});

describe("sequential trials, Pocock, at most 3 rounds", () => {
  it("A/A: false FAIL at most alpha; about 1.9 trials per case", () => {
    const m = simulate(0, 3, "pocock", 71);
    expect(m.failRate).toBeLessThanOrEqual(0.05);
    expect(m.trialsPerCase).toBeLessThanOrEqual(2);
  });
  it("8-point drop: FAILs at least 90% of runs, mostly after one round", () => {
    const m = simulate(0.08, 3, "pocock", 72);
    expect(m.failRate).toBeGreaterThanOrEqual(0.9);
    expect(m.trialsPerCase).toBeLessThanOrEqual(1.3);
  });
});
