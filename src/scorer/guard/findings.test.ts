import { describe, expect, it } from "vitest";
import { describeFindings, dropOverlaps, replaceFindings } from "./findings.js";

describe("finding helpers", () => {
  const f = (start: number, end: number) => ({ kind: "k", start, end, value: "", masked: "x" });

  it("keeps the earliest, then the longest, of overlapping findings", () => {
    expect(dropOverlaps([f(5, 9), f(0, 3), f(0, 6), f(7, 12)])).toEqual([f(0, 6), f(7, 12)]);
  });

  it("replaces findings with labels in order", () => {
    expect(replaceFindings("ab cd ef", [f(6, 8), f(0, 2)], () => "#")).toBe("# cd #");
  });

  it("describes at most four findings", () => {
    const many = [1, 2, 3, 4, 5, 6].map((i) => ({
      ...f(i, i + 1),
      kind: "credit_card",
      masked: `m${i}`,
    }));
    expect(describeFindings(many)).toBe(
      "credit card m1, credit card m2, credit card m3, credit card m4 and 2 more",
    );
  });
});
