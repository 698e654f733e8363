import { describe, expect, it } from "vitest";
import { groupDigits } from "./stats.js";

describe("groupDigits", () => {
  it("writes what toLocaleString('en-US') writes", () => {
    const values = [0, 7, 12, 999, 1000, 12345, 123456, 1234567, -1234, -999, 2 ** 53 - 1, 1.5];
    for (let n = 1; n < 1e15; n = n * 7 + 3) values.push(n);
    for (const n of values) expect(groupDigits(n), String(n)).toBe(n.toLocaleString("en-US"));
  });
});
