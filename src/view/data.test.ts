import { describe, expect, it } from "vitest";
import { wilson } from "../compare/stats.js";
import { groupRates, type ViewCase } from "./data.js";

const vcase = (id: string, model: string, passes: boolean[]): ViewCase => ({
  key: `s/${model}/${id}`,
  suite: "s",
  model,
  id,
  vars: {},
  expected: null,
  caseDigest: null,
  baselineOutput: null,
  trials: passes.map((pass, trial) => ({
    trial,
    output: "o",
    score: pass ? 1 : 0,
    pass,
    latencyMs: 1,
    tokens: null,
    cost: null,
    error: null,
    scores: [],
  })),
});

describe("groupRates", () => {
  it("counts a case as passing only when every trial passed, per suite, model and group", () => {
    const groups = new Map([
      [
        "s",
        new Map([
          ["a", "en"],
          ["b", "en"],
          ["c", "fr"],
          ["d", "fr"],
        ]),
      ],
    ]);
    const rates = groupRates(
      [
        vcase("a", "m", [true, true]),
        vcase("b", "m", [true, false]),
        vcase("c", "m", [true]),
        vcase("d", "m", [true]),
        vcase("a", "n", [false]),
        // In no group, or never run: left out.
        vcase("z", "m", [false]),
        vcase("c", "n", []),
      ],
      groups,
    );
    expect(rates).toEqual([
      { suite: "s", model: "m", group: "en", n: 2, passed: 1, ...wilson(1, 2) },
      { suite: "s", model: "m", group: "fr", n: 2, passed: 2, ...wilson(2, 2) },
      { suite: "s", model: "n", group: "en", n: 1, passed: 0, ...wilson(0, 1) },
    ]);
    expect(rates[0]!.low).toBeGreaterThan(0);
    expect(rates[0]!.high).toBeLessThan(1);
  });
});
