/** How well an LLM judge agrees with human labels, for `llmops judge check`. */
import { wilson } from "./stats.js";

/** 2x2 table of judge verdicts against human labels. */
export interface Confusion {
  /** Judge pass, human pass. */
  truePass: number;
  /** Judge fail, human fail. */
  trueFail: number;
  /** Judge pass, human fail: the judge lets a bad answer through. */
  falsePass: number;
  /** Judge fail, human pass. */
  falseFail: number;
}

/** Count judge-vs-human verdict pairs into a confusion table. */
export function confusion(pairs: readonly { judge: boolean; human: boolean }[]): Confusion {
  const c: Confusion = { truePass: 0, trueFail: 0, falsePass: 0, falseFail: 0 };
  for (const { judge, human } of pairs) {
    if (judge && human) c.truePass++;
    else if (!judge && !human) c.trueFail++;
    else if (judge) c.falsePass++;
    else c.falseFail++;
  }
  return c;
}

function countPairs(c: Confusion): number {
  return c.truePass + c.trueFail + c.falsePass + c.falseFail;
}

/**
 * Cohen's kappa: agreement beyond what the two raters' pass rates give by chance.
 * When chance agreement is 1 (both raters gave every item the same single label) kappa
 * is 0/0; it is defined as 1 when observed agreement is also 1, else 0. With no pairs
 * there is nothing to agree on and it is 0.
 */
export function cohensKappa(c: Confusion): number {
  const n = countPairs(c);
  if (n === 0) return 0;
  const observed = (c.truePass + c.trueFail) / n;
  const judgePass = (c.truePass + c.falsePass) / n;
  const humanPass = (c.truePass + c.falseFail) / n;
  const chance = judgePass * humanPass + (1 - judgePass) * (1 - humanPass);
  if (chance === 1) return observed === 1 ? 1 : 0;
  return (observed - chance) / (1 - chance);
}

/**
 * Share of items where judge and human agree, with its Wilson 95% interval.
 * With no pairs the accuracy is 0 and the interval the whole [0, 1].
 */
export function agreement(c: Confusion): {
  n: number;
  accuracy: number;
  low: number;
  high: number;
} {
  const n = countPairs(c);
  const agreed = c.truePass + c.trueFail;
  return { n, accuracy: n === 0 ? 0 : agreed / n, ...wilson(agreed, n) };
}

/** Ranks starting at 1, tied values sharing the average of the ranks they span. */
function rankWithTies(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const ranks = new Array<number>(xs.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.x === order[start]!.x) end++;
    const shared = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = shared;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation (Pearson on average ranks, so ties are handled exactly).
 * Null when there are fewer than 2 pairs or either side is constant, where it is undefined.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) {
    throw new RangeError(`spearman needs paired values, got ${xs.length} and ${ys.length}`);
  }
  if (xs.length < 2) return null;
  const rx = rankWithTies(xs);
  const ry = rankWithTies(ys);
  const centre = (xs.length + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((r, i) => {
    const dx = r - centre;
    const dy = ry[i]! - centre;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
