import { DDSketch } from "@datadog/sketches-js";

/** Relative accuracy of every quantile the monitor reports: within 1% of the true value. */
export const SKETCH_ACCURACY = 0.01;

/** A DDSketch as JSON: enough to rebuild it exactly, so shards merge to the same numbers. */
export interface SketchJson {
  count: number;
  sum: number;
  min: number;
  max: number;
  zero: number;
  /** Store offset and bin counts of the positive values. */
  offset: number;
  bins: number[];
}

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_ACCURACY });
}

/** The value at quantile q (0..1), or undefined for an empty sketch. */
export function quantile(s: DDSketch, q: number): number | undefined {
  return s.count === 0 ? undefined : s.getValueAtQuantile(q);
}

export function sketchToJson(s: DDSketch): SketchJson {
  const st = s.store;
  const bins: number[] = [];
  let offset = 0;
  if (st.count > 0) {
    offset = st.minKey;
    for (let k = st.minKey; k <= st.maxKey; k++) bins.push(st.bins[k - st.offset] ?? 0);
  }
  return { count: s.count, sum: s.sum, min: s.min, max: s.max, zero: s.zeroCount, offset, bins };
}

export function sketchFromJson(j: SketchJson): DDSketch {
  const s = newSketch();
  j.bins.forEach((c, i) => {
    if (c > 0) s.store.add(j.offset + i, c);
  });
  s.zeroCount = j.zero;
  s.count = j.count;
  s.sum = j.sum;
  s.min = j.count ? j.min : Number.POSITIVE_INFINITY;
  s.max = j.count ? j.max : Number.NEGATIVE_INFINITY;
  return s;
}

/** Values in the sketch above the bucket that holds `threshold` (a bucket-exact count). */
export function countAbove(s: DDSketch, threshold: number): number {
  if (s.count === 0) return 0;
  if (threshold < 0) return s.count;
  const st = s.store;
  if (st.count === 0) return 0;
  const key = threshold === 0 ? st.minKey - 1 : s.mapping.key(threshold);
  let n = 0;
  for (let k = Math.max(key + 1, st.minKey); k <= st.maxKey; k++) n += st.bins[k - st.offset] ?? 0;
  return n;
}
