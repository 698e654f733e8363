import { describe, expect, it } from "vitest";
import type { RoutingConfig } from "../config/schema/suite.js";
import type { ModelRecord } from "./records.js";
import { evaluateRouting, routeCase } from "./routing.js";

function rec(score: number, cost: number | null, error = false): ModelRecord["cases"][string] {
  return {
    caseDigest: "d",
    scores: [score],
    passes: score >= 1 ? 1 : 0,
    errors: error ? { timeout: 1 } : {},
    outputs: [null],
    scorers: [],
    judges: [],
    tokens: { prompt: 0, completion: 0 },
    cost,
    latencyMs: 10,
  };
}

function model(cases: Record<string, ModelRecord["cases"][string]>): ModelRecord {
  return { promptVersion: "v", trials: 1, cases };
}

const routing: RoutingConfig = {
  routes: { cheap: "mini", strong: "big" },
  routers: [
    { name: "by-tag", rules: [{ when: { tag: "hard" }, route: "strong" }], default: "cheap" },
    { name: "all-cheap", rules: [], default: "cheap" },
  ],
};

describe("routeCase", () => {
  const router = {
    name: "r",
    rules: [
      { when: { tag: "hard", vars: { lang: "fr" } }, route: "a" },
      { when: { vars: { n: 1 } }, route: "b" },
    ],
    default: "c",
  };
  it("takes the first rule whose every condition holds, else the default", () => {
    expect(routeCase(router, { tags: ["hard"], vars: { lang: "fr" } })).toBe("a");
    expect(routeCase(router, { tags: ["hard"], vars: { lang: "en" } })).toBe("c");
    // A CSV "1" and a YAML 1 are the same value; a missing variable never matches.
    expect(routeCase(router, { vars: { n: "1" } })).toBe("b");
    expect(routeCase(router, { vars: {} })).toBe("c");
  });
});

describe("evaluateRouting", () => {
  // 4 easy cases (mini as good as big), 2 hard ones (mini fails them). big costs 10, mini 1.
  const ids = ["e1", "e2", "e3", "e4", "h1", "h2"];
  const cases = ids.map((id) => ({
    id,
    vars: {},
    tags: id.startsWith("h") ? ["hard"] : [],
    route: id.startsWith("h") ? "strong" : "cheap",
  }));
  const big = model(Object.fromEntries(ids.map((id) => [id, rec(1, 10)])));
  const mini = model(Object.fromEntries(ids.map((id) => [id, rec(id.startsWith("h") ? 0 : 1, 1)])));
  const models = new Map([
    ["big", big],
    ["mini", mini],
  ]);
  const result = evaluateRouting({
    suite: "s",
    routing,
    cases,
    models,
    reference: "big",
    margin: 0.05,
    alpha: 0.05,
  })!;

  it("reads the routed answers from the matrix: score, cost, saving, accuracy", () => {
    const [byTag, allCheap] = result.routers;
    // by-tag: 4 cases on mini (cost 1), 2 on big (cost 10): (4 + 20) / 6 = 4 per case.
    expect(byTag).toMatchObject({
      router: "by-tag",
      cases: 6,
      meanScore: 1,
      referenceMeanScore: 1,
      drop: 0,
      costPerCase: 4,
      routerCostPerCase: 0,
      savingPct: 0.6,
      accuracy: 1,
      labelled: 6,
    });
    expect(byTag!.routes).toEqual([
      {
        route: "cheap",
        model: "mini",
        cases: 4,
        meanScore: 1,
        referenceMeanScore: 1,
        costPerCase: 1,
      },
      {
        route: "strong",
        model: "big",
        cases: 2,
        meanScore: 1,
        referenceMeanScore: 1,
        costPerCase: 10,
      },
    ]);
    // all-cheap saves 90% but loses the hard cases: a drop of 2/6, accuracy 4/6.
    expect(allCheap).toMatchObject({
      meanScore: 0.666667,
      drop: 0.333333,
      nonInferior: false,
      savingPct: 0.9,
      accuracy: 0.666667,
    });
    expect(result.referenceCostPerCase).toBe(10);
  });

  it("is non-inferior only when the bound is within the margin", () => {
    // 6 unchanged cases: the bound is the rule of three at alpha / 2 routers, above a 0.05 margin.
    expect(result.routers[0]!.dropUpper).toBeCloseTo(1 - 0.025 ** (1 / 6), 4);
    expect(result.routers[0]!.nonInferior).toBe(false);
    const wide = evaluateRouting({
      suite: "s",
      routing,
      cases,
      models,
      reference: "big",
      margin: 0.5,
      alpha: 0.05,
    })!;
    expect(wide.routers[0]!.nonInferior).toBe(true);
    expect(wide.routers[1]!.nonInferior).toBe(false);
  });

  it("leaves out cases a failed call touched, and says unknown cost as null", () => {
    const broken = model({ ...mini.cases, e1: rec(0, null, true) });
    const r = evaluateRouting({
      suite: "s",
      routing,
      cases,
      models: new Map([
        ["big", big],
        ["mini", broken],
      ]),
      reference: "big",
      margin: 0.05,
      alpha: 0.05,
    })!;
    expect(r.routers[0]!.cases).toBe(5);
    expect(r.routers[0]!.costPerCase).toBe(4.6);
    const unpriced = model(Object.fromEntries(ids.map((id) => [id, rec(1, null)])));
    const u = evaluateRouting({
      suite: "s",
      routing,
      cases,
      models: new Map([
        ["big", big],
        ["mini", unpriced],
      ]),
      reference: "big",
      margin: 0.05,
      alpha: 0.05,
    })!;
    expect(u.routers[0]!.savingPct).toBeNull();
    expect(u.routers[0]!.costPerCase).toBeNull();
  });
});
