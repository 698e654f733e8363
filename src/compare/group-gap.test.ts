import { describe, expect, it } from "vitest";
import { groupGapCheck } from "./compare.js";
import { createSeededRandom } from "./distributions.js";
import { groupGap } from "./group-gap.js";
import type { ModelRecord } from "./records.js";

/** A record of `n` one-trial cases per group, `fail` of which fail. */
function record(groups: Record<string, { n: number; fail: number }>) {
  const cases: ModelRecord["cases"] = {};
  const of = new Map<string, string>();
  for (const [g, { n, fail }] of Object.entries(groups))
    for (let i = 0; i < n; i++) {
      const id = `${g}-${i}`;
      of.set(id, g);
      const pass = i >= fail;
      cases[id] = {
        caseDigest: id,
        scores: [pass ? 1 : 0],
        passes: pass ? 1 : 0,
        errors: {},
        outputs: [null],
        scorers: [],
        judges: [],
        tokens: { prompt: 1, completion: 1 },
        cost: null,
        latencyMs: null,
      };
    }
  return { rec: { promptVersion: "v", trials: 1, cases } as ModelRecord, of };
}

describe("groupGap", () => {
  it("tests worst against best with Bonferroni over the pairs, and shows small groups untested", () => {
    const g = groupGap(
      [
        { group: "a", bad: 2, n: 50 },
        { group: "b", bad: 15, n: 50 },
        { group: "c", bad: 10, n: 50 },
        { group: "tiny", bad: 5, n: 5 },
      ],
      10,
    )!;
    expect(g.worst).toBe("b");
    expect(g.best).toBe("a");
    expect(g.gap).toBeCloseTo(0.26, 10);
    // 3 testable groups: 3 pairs. Unadjusted two-proportion p for 15/50 vs 2/50 is ~0.0005.
    expect(g.pValue).toBeGreaterThan(0.001);
    expect(g.pValue).toBeLessThan(0.003);
    expect(g.groups.map((r) => r.group)).toEqual(["a", "b", "c", "tiny"]);
  });

  it("is undefined with fewer than two groups large enough to test", () => {
    expect(
      groupGap(
        [
          { group: "a", bad: 1, n: 50 },
          { group: "b", bad: 3, n: 4 },
        ],
        10,
      ),
    ).toBe(undefined);
  });
});

describe("groupGapCheck (the eval gate's maxGroupGap)", () => {
  it("fails a significant gap above the limit", () => {
    const { rec, of } = record({ en: { n: 30, fail: 1 }, fr: { n: 30, fail: 12 } });
    const c = groupGapCheck(rec, of, { maxGroupGap: 0.1 });
    expect(c.status).toBe("fail");
    expect(c.detail).toContain(
      "worst fr 40.0% (12/30), best en 3.3% (1/30); gap 36.7% (allowed 10.0%)",
    );
  });

  it("passes a gap above the limit that is not significant, and says so", () => {
    const { rec, of } = record({ en: { n: 10, fail: 1 }, fr: { n: 10, fail: 3 } });
    const c = groupGapCheck(rec, of, { maxGroupGap: 0.1 });
    expect(c.status).toBe("pass");
    expect(c.detail).toMatch(/gap 20\.0% \(allowed 10\.0%\), p = 0\.\d+: not significant$/);
  });

  it("passes a significant gap within the limit", () => {
    const { rec, of } = record({ en: { n: 2000, fail: 0 }, fr: { n: 2000, fail: 100 } });
    const c = groupGapCheck(rec, of, { maxGroupGap: 0.1 });
    expect(c.status).toBe("pass");
    expect(c.detail).toContain("p < 0.001");
  });

  it("skips when too few groups are large enough", () => {
    const { rec, of } = record({ en: { n: 30, fail: 0 }, fr: { n: 5, fail: 5 } });
    expect(groupGapCheck(rec, of, { maxGroupGap: 0.1 }).status).toBe("skip");
    expect(groupGapCheck(rec, of, { maxGroupGap: 0.1, minGroupSize: 5 }).status).toBe("fail");
  });

  it("holds alpha when groups do not differ (seeded simulation, 2,000 runs)", () => {
    const rand = createSeededRandom(7);
    let fails = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      const groups: Record<string, { n: number; fail: number }> = {};
      for (const g of ["a", "b", "c"]) {
        let fail = 0;
        for (let i = 0; i < 40; i++) if (rand() < 0.2) fail++;
        groups[g] = { n: 40, fail };
      }
      const { rec, of } = record(groups);
      // A limit of 0 makes significance alone decide: the test's own false-alarm rate.
      if (groupGapCheck(rec, of, { maxGroupGap: 0 }).status === "fail") fails++;
    }
    expect(fails / reps).toBeLessThanOrEqual(0.05);
  });
});
