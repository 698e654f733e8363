import { describe, expect, it } from "vitest";
import { createSeededRandom as rng } from "../compare/distributions.js";
import { canonicalJson, sortKeys } from "./hash.js";

const leaves: unknown[] = [
  null,
  undefined,
  0,
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  'text with "quotes" and \\u2028 and 👍',
  true,
  false,
  () => 1,
  Symbol("s"),
  new Date(0),
  { toJSON: () => "custom" },
  new Map([["a", 1]]),
  JSON.parse('{"__proto__":{"x":1},"b":2}'),
];

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 3 || pick < 0.4) return leaves[Math.floor(r() * leaves.length)];
  if (pick < 0.7) {
    const a: unknown[] = Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    if (r() < 0.1) a.length += 2; // holes
    return a;
  }
  const o: Record<string, unknown> = Object.create(r() < 0.1 ? null : Object.prototype);
  for (let i = Math.floor(r() * (r() < 0.05 ? 40 : 5)); i > 0; i--)
    o[["b", "a", "é", "10", "2", "z y", `k${Math.floor(r() * 60)}`][Math.floor(r() * 7)]!] = value(
      r,
      depth + 1,
    );
  return o;
}

describe("canonicalJson", () => {
  it("writes exactly the text of JSON.stringify(sortKeys(value)) for any value", () => {
    const r = rng(42);
    for (let i = 0; i < 5000; i++) {
      const v = value(r, 0);
      expect(canonicalJson(v), `value #${i}`).toBe(JSON.stringify(sortKeys(v)));
    }
  });

  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, undefined], c: undefined } })).toBe(
      '{"a":{"d":[3,null]},"b":1}',
    );
  });

  it("orders long key lists as short ones: sorted, array indices first", () => {
    const r = rng(7);
    for (let n = 0; n < 60; n += 3) {
      const o: Record<string, number> = {};
      for (let i = 0; i < n; i++)
        o[r() < 0.3 ? String(Math.floor(r() * 500)) : `key${Math.floor(r() * 1000)}`] = i;
      expect(canonicalJson(o)).toBe(JSON.stringify(sortKeys(o)));
    }
  });
});
