/**
 * Probability distributions for the gate's statistics: normal, Student t (through the
 * regularized incomplete beta), binomial, and a seeded PRNG. Pure functions.
 */

/** A seeded PRNG (mulberry32) returning uniforms in [0, 1). */
export function createSeededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal CDF (Hart's double-precision rational approximation, as given by West 2005). */
export function normalCdf(x: number): number {
  const ax = Math.abs(x);
  if (ax > 37) return x > 0 ? 1 : 0;
  const e = Math.exp((-ax * ax) / 2);
  let tail: number;
  if (ax < 7.07106781186547) {
    const num = [
      3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871,
      221.213596169931, 220.206867912376,
    ];
    const den = [
      8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674,
      637.333633378831, 793.826512519948, 440.413735824752,
    ];
    tail = (e * evaluatePolynomial(num, ax)) / evaluatePolynomial(den, ax);
  } else {
    const cf = ax + 1 / (ax + 2 / (ax + 3 / (ax + 4 / (ax + 0.65))));
    tail = e / cf / 2.506628274631;
  }
  return x > 0 ? 1 - tail : tail;
}

/** Horner evaluation, coefficients from the highest power down. */
function evaluatePolynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((acc, c) => acc * x + c, 0);
}

/**
 * Standard normal quantile: Acklam's rational approximation (relative error 1e-9)
 * polished by one Halley step against {@link normalCdf}.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const x = estimateNormalQuantile(p);
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function estimateNormalQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1, 1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];
  const pLow = 0.02425;
  if (p < pLow || p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
    const x = evaluatePolynomial(c, q) / evaluatePolynomial(d, q);
    return p < pLow ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (q * evaluatePolynomial(a, r)) / evaluatePolynomial(b, r);
}

/** Natural log of the gamma function for x > 0 (Lanczos, g = 7). */
function lnGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = g[0]!;
  for (let i = 1; i < g.length; i++) sum += g[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The continued fraction converges fast only on this side of the mean; use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Continued fraction of the incomplete beta by the modified Lentz method. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const clamp = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 / clamp(1 + even * d);
    c = clamp(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 / clamp(1 + odd * d);
    c = clamp(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Student t CDF with `df` degrees of freedom (df > 0). */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Student t density with `df` degrees of freedom. */
function tPdf(t: number, df: number): number {
  const lnC = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lnC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Student t quantile with `df` degrees of freedom: Newton's method on {@link tCdf}, started from
 * the Cornish-Fisher expansion of the normal quantile (Abramowitz & Stegun 26.7.5) and kept
 * inside a bracket that bisection narrows, so it converges for any df > 0.
 */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (!Number.isFinite(df)) return normalQuantile(p);
  const z = normalQuantile(p);
  const z3 = z ** 3;
  const z5 = z ** 5;
  let x =
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
    (3 * z ** 7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
  let lo = -1e6;
  let hi = 1e6;
  if (!Number.isFinite(x) || x <= lo || x >= hi) x = 0;
  for (let i = 0; i < 200; i++) {
    const f = tCdf(x, df) - p;
    if (f === 0) return x;
    if (f > 0) hi = x;
    else lo = x;
    const step = f / tPdf(x, df);
    let next = x - step;
    // Outside the bracket (or a flat density): bisect instead.
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-12 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lnChooseN = lnGamma(n + 1);
  let total = 0;
  for (let i = 0; i <= Math.floor(k); i++) {
    const lnChoose = lnChooseN - lnGamma(i + 1) - lnGamma(n - i + 1);
    total += Math.exp(lnChoose + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return Math.min(1, total);
}
