import { describe, expect, it } from "vitest";
import type { RoutingConfig } from "../config/schema/suite.js";
import type { ModelRecord } from "./records.js";
import {
  evaluateRouting,
  parseRoute,
  type RouterAnswerOf,
  routeCase,
  routingGateCheck,
} from "./routing.js";

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

/** Routing on a matrix run of big (the reference) and mini, at alpha 0.05. */
function matrix(
  big: ModelRecord,
  mini: ModelRecord,
  margin: number,
  cases: Parameters<typeof evaluateRouting>[0]["cases"],
) {
  return evaluateRouting({
    suite: "s",
    routing,
    cases,
    models: new Map([
      ["big", big],
      ["mini", mini],
    ]),
    reference: "big",
    margin,
    alpha: 0.05,
  });
}

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
    const r = matrix(big, broken, 0.05, cases)!;
    expect(r.routers[0]!.cases).toBe(5);
    expect(r.routers[0]!.costPerCase).toBe(4.6);
    const unpriced = model(Object.fromEntries(ids.map((id) => [id, rec(1, null)])));
    const u = matrix(big, unpriced, 0.05, cases)!;
    expect(u.routers[0]!.savingPct).toBeNull();
    expect(u.routers[0]!.costPerCase).toBeNull();
  });
});

describe("parseRoute", () => {
  const routes = ["easy", "hard", "cheap-ish"];
  it("takes a route's name, trimmed and in any case", () => {
    expect(parseRoute("hard", routes)).toBe("hard");
    expect(parseRoute("  EASY\n", routes)).toBe("easy");
  });
  it("takes the one route named as a whole word in the answer", () => {
    expect(parseRoute("Route: hard.", routes)).toBe("hard");
    expect(parseRoute("`easy` - a refund question", routes)).toBe("easy");
    expect(parseRoute("I'd say cheap-ish", routes)).toBe("cheap-ish");
  });
  it("names no route when none or several appear, or only inside a longer word", () => {
    expect(parseRoute("not sure", routes)).toBeUndefined();
    expect(parseRoute("easy or hard", routes)).toBeUndefined();
    expect(parseRoute("uneasy", routes)).toBeUndefined();
    expect(parseRoute("hardware", routes)).toBeUndefined();
    expect(parseRoute("cheap", routes)).toBeUndefined();
    expect(parseRoute("", routes)).toBeUndefined();
  });
});

describe("evaluateRouting with an LLM router", () => {
  // The same 6 cases: big costs 10, mini 1; mini fails the hard ones.
  const ids = ["e1", "e2", "e3", "e4", "h1", "h2"];
  const cases = ids.map((id) => ({
    id,
    vars: {},
    route: id.startsWith("h") ? "strong" : "cheap",
  }));
  const big = model(Object.fromEntries(ids.map((id) => [id, rec(1, 10)])));
  const mini = model(Object.fromEntries(ids.map((id) => [id, rec(id.startsWith("h") ? 0 : 1, 1)])));
  const llmRouting: RoutingConfig = {
    routes: { cheap: "mini", strong: "big" },
    routers: [{ name: "clf", prompt: "route.prompt.yml", default: "strong" }],
  };
  const ok = (answer: string, cost: number | null = 0.5): RouterAnswerOf => ({
    answer,
    error: null,
    cost,
  });
  // e1..e3 right, e4 unparsed (-> default strong), h1 right in words, h2's call failed.
  const answers = new Map([
    [
      "clf",
      new Map<string, RouterAnswerOf>([
        ["e1", ok("cheap")],
        ["e2", ok("Cheap")],
        ["e3", ok("route: cheap.")],
        ["e4", ok("no idea")],
        ["h1", ok("Route: strong")],
        ["h2", { answer: null, error: { class: "server", message: "500" }, cost: null }],
      ]),
    ],
  ]);
  const run = (a = answers) =>
    evaluateRouting({
      suite: "s",
      routing: llmRouting,
      cases,
      models: new Map([
        ["big", big],
        ["mini", mini],
      ]),
      answers: a,
      routerModels: { clf: "mini" },
      reference: "big",
      margin: 0.5,
      alpha: 0.05,
    })!.routers[0]!;

  it("routes by the parsed answer, counts unparsed and errors, adds the router's cost", () => {
    const r = run();
    // 5 cases compared (h2 left out): e1-e3 on mini (1), e4 and h1 on big (10): 23 / 5 = 4.6,
    // plus the router's 0.5 per case = 5.1, against the reference's 10: a 49% saving.
    expect(r).toMatchObject({
      router: "clf",
      kind: "llm",
      model: "mini",
      cases: 5,
      meanScore: 1,
      unparsed: 1,
      routerErrors: 1,
      routerCostPerCase: 0.5,
      costPerCase: 5.1,
      savingPct: 0.49,
      // Labelled and routed: 5; e4 went to strong instead of cheap.
      accuracy: 0.8,
      labelled: 5,
    });
    expect(r.routes.map((x) => x.cases)).toEqual([3, 2]);
  });

  it("says the cost is unknown when a router call's is, and compares nothing without answers", () => {
    const unpriced = new Map([
      ["clf", new Map([...answers.get("clf")!].map(([k, v]) => [k, { ...v, cost: null }]))],
    ]);
    expect(run(unpriced)).toMatchObject({ routerCostPerCase: null, costPerCase: null });
    expect(run(new Map())).toMatchObject({ cases: 0, routerErrors: 0, labelled: 0 });
  });

  it("a rule router costs nothing and has no unparsed answers or errors", () => {
    const r = matrix(big, mini, 0.5, cases)!.routers[0]!;
    expect(r).toMatchObject({ kind: "rules", routerCostPerCase: 0, unparsed: 0, routerErrors: 0 });
    expect(r).not.toHaveProperty("model");
  });
});

describe("routingGateCheck (routing.gate)", () => {
  // 30 cases, 10 hard: a router that sends them all to mini loses a third of the score.
  const ids = Array.from({ length: 30 }, (_, i) => (i < 10 ? `h${i}` : `e${i}`));
  const cases = ids.map((id) => ({ id, vars: {}, tags: id.startsWith("h") ? ["hard"] : [] }));
  const big = model(Object.fromEntries(ids.map((id) => [id, rec(1, 10)])));
  const mini = model(Object.fromEntries(ids.map((id) => [id, rec(id.startsWith("h") ? 0 : 1, 1)])));
  const run = (margin: number, n = ids.length) => matrix(big, mini, margin, cases.slice(0, n))!;

  it("fails a router that loses quality beyond the margin, with evidence", () => {
    const check = routingGateCheck(run(0.1), "all-cheap");
    expect(check).toMatchObject({ name: "routing", status: "fail" });
    expect(check.detail).toContain("router all-cheap against always big: drop 33.3 points");
    expect(check.detail).toContain("it loses quality");
  });

  it("passes a router shown within the margin", () => {
    // 30 unchanged cases bound the drop at 1 - 0.025^(1/30) = 11.6 points (alpha split over 2).
    expect(routingGateCheck(run(0.1), "by-tag")).toMatchObject({ status: "inconclusive" });
    expect(routingGateCheck(run(0.15), "by-tag")).toMatchObject({ status: "pass" });
  });

  it("is inconclusive when the cases cannot rule out a drop beyond the margin", () => {
    // 3 unchanged easy cases cannot bound a drop below 10 points.
    const few = evaluateRouting({
      suite: "s",
      routing,
      cases: cases.slice(10, 13),
      models: new Map([
        ["big", big],
        ["mini", mini],
      ]),
      reference: "big",
      margin: 0.1,
      alpha: 0.05,
    })!;
    expect(routingGateCheck(few, "by-tag")).toMatchObject({ status: "inconclusive" });
    expect(routingGateCheck(few, "by-tag").detail).toContain("too few cases to tell");
  });

  it("skips a router with no case to judge", () => {
    expect(routingGateCheck(run(0.1, 0), "by-tag")).toMatchObject({ status: "skip" });
  });
});
