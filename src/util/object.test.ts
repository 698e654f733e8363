import { describe, expect, it } from "vitest";
import { extend } from "./object.js";

describe("extend", () => {
  it("is { ...base, ...extra }: same keys, same order, extra wins, base untouched", () => {
    const base = { a: 1, b: 2, c: 3 };
    const out = extend(base, { b: "two", d: 4 });
    expect(out).toEqual({ ...base, ...{ b: "two", d: 4 } });
    expect(Object.keys(out)).toEqual(["a", "b", "c", "d"]);
    expect(base).toEqual({ a: 1, b: 2, c: 3 });
  });
});
