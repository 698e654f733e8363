/** Small descriptive statistics used by summaries and reports. */

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

/** Sample standard deviation (n - 1). */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Percentile by linear interpolation between closest ranks (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

/** The total of a tally such as errors by class ({timeout: 2, auth: 1} -> 3). */
export function tally(counts: Readonly<Record<string, number | undefined>>): number {
  return Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** Round for stable files: 6 significant digits is plenty for scores, seconds and dollars. */
export function round(x: number, digits = 6): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

/**
 * A whole number with thousands separators (12,345), as `toLocaleString("en-US")` writes it but
 * without loading ICU's locale data, ~20 ms of the first call (every run's report paid it).
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}
