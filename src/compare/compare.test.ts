import { describe, expect, it } from "vitest";
import type { Baseline } from "./baseline.js";
import { classifyCase } from "./classify.js";
import { compareRuns, errorCheck, pairModels } from "./compare.js";
import type { CaseRecord, ModelRecord } from "./records.js";

function rec(scores: number[], extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseDigest: "d",
    scores,
    passes: scores.filter((s) => s === 1).length,
    errors: {},
    outputs: scores.map(() => "out"),
    scorers: [],
    judges: [],
    tokens: { prompt: 10, completion: 5 },
    cost: 0.001,
    latencyMs: 100,
    ...extra,
  };
}

/** A model record of pass/fail cases: `pattern` is a string of 1s and 0s, one case each. */
function model(
  pattern: string,
  opts: {
    trials?: number;
    prefix?: string;
    extra?: (i: number) => Partial<CaseRecord>;
    promptVersion?: string;
  } = {},
): ModelRecord {
  const cases: Record<string, CaseRecord> = {};
  [...pattern].forEach((ch, i) => {
    cases[`${opts.prefix ?? "c"}${i}`] = rec(
      Array(opts.trials ?? 1).fill(Number(ch)),
      opts.extra?.(i),
    );
  });
  return { promptVersion: opts.promptVersion ?? "v2", trials: opts.trials ?? 1, cases };
}

function baseline(models: Record<string, ModelRecord>): Baseline {
  return { schemaVersion: 1, suite: "s", prompt: "p", models };
}

const run = (
  cand: Record<string, ModelRecord>,
  base: Baseline | undefined,
  gate = {},
  partial = false,
) =>
  compareRuns({
    candidate: new Map([["s", new Map(Object.entries(cand))]]),
    baselines: new Map([["s", base]]),
    gates: new Map([["s", gate]]),
    partial,
  });

describe("compareRuns", () => {
  it("the worked example: 18 pass->fail, 8 fail->pass of 200 is a FAIL at margin 0.03", () => {
    const base = "1".repeat(18) + "0".repeat(8) + "1".repeat(144) + "0".repeat(30);
    const cand = "0".repeat(18) + "1".repeat(8) + "1".repeat(144) + "0".repeat(30);
    const c = run({ m: model(cand) }, baseline({ m: model(base, { promptVersion: "v1" }) }));
    const s = c.suites[0]!;
    expect(s.test!.drop).toBeCloseTo(0.05, 10);
    expect(s.test!.se).toBeCloseTo(0.0253, 4);
    expect(s.test!.pValue).toBeCloseTo(0.0378, 4);
    expect(s.test!.dropUpper).toBeCloseTo(0.0918, 3);
    expect(s.decision).toBe("fail");
    expect(s.verdict).toBe("fail");
    expect(c.verdict).toBe("fail");
    expect(s.counts).toMatchObject({ regressed: 18, improved: 8, unchanged: 174 });
    expect(s.promptVersions).toEqual({ baseline: "v1", candidate: "v2" });
  });

  it("pairs by case id, never by position", () => {
    const base = model("1100");
    const reordered: ModelRecord = {
      ...base,
      cases: Object.fromEntries(Object.entries(base.cases).reverse()),
    };
    const s = run({ m: reordered }, baseline({ m: base })).suites[0]!;
    expect(s.counts.unchanged).toBe(4);
    expect(s.test!.nonZero).toBe(0);
    // Nothing changed, but 4 cases cannot rule out a drop above the margin.
    expect(s.decision).toBe("inconclusive");
  });

  it("a one-model suite that switched models is compared across them", () => {
    const c = run({ "gpt-new": model("1111") }, baseline({ "gpt-old": model("1111") }));
    expect(c.suites[0]).toMatchObject({
      model: "gpt-new",
      baselineModel: "gpt-old",
      isNew: false,
      paired: 4,
    });
  });

  it("in a matrix, a new model is new and gated only by absolute thresholds", () => {
    const c = run({ a: model("1111"), b: model("0011") }, baseline({ a: model("1111") }), {
      minPassRate: 0.6,
    });
    const b = c.suites.find((x) => x.model === "b")!;
    expect(b).toMatchObject({ isNew: true, decision: "new", baselineModel: null, verdict: "fail" });
    expect(b.checks).toEqual([
      { name: "minPassRate", status: "fail", detail: "pass rate 50.0% (minimum 60.0%)" },
    ]);
  });

  it("failed calls do not lower the pass rate that minPassRate gates: they are the error gate's", () => {
    // 20 cases; two had every call fail (a transient outage), the other 18 all pass.
    const cand = model("11111111111111111111", {
      extra: (i) => (i < 2 ? { scores: [0], passes: 0, errors: { server: 1 } } : {}),
    });
    const c = run({ a: cand }, baseline({ a: model("11111111111111111111") }), {
      minPassRate: 0.95,
    });
    const s = c.suites[0]!;
    expect(s.checks.find((k) => k.name === "minPassRate")).toEqual({
      name: "minPassRate",
      status: "pass",
      detail:
        "pass rate 100.0% of 18 scored trials (minimum 95.0%); 2 failed calls are gated as errors",
    });
    expect(s.checks.find((k) => k.name === "errors")?.status).toBe("pass");
  });

  it("pairModels", () => {
    expect(pairModels(["a"], ["b"])).toEqual([["a", "b"]]);
    expect(pairModels(["a", "b"], ["b", "c"])).toEqual([
      ["a", undefined],
      ["b", "b"],
    ]);
    expect(pairModels(["a"], [])).toEqual([["a", undefined]]);
  });

  it("flaky cases are flagged with a Wilson interval, not called regressions", () => {
    const base = { promptVersion: "v", trials: 3, cases: { a: rec([1, 1, 1]), b: rec([1, 1, 1]) } };
    const cand = { promptVersion: "v", trials: 3, cases: { a: rec([1, 0, 1]), b: rec([1, 1, 1]) } };
    const s = run({ m: cand }, baseline({ m: base })).suites[0]!;
    const a = s.changes.find((x) => x.id === "a")!;
    expect(a.status).toBe("flaky");
    expect(a.passRate!.rate).toBeCloseTo(2 / 3, 10);
    expect(a.passRate!.low).toBeCloseTo(0.2077, 3);
    expect(a.passRate!.high).toBeCloseTo(0.9385, 3);
    expect(s.counts.regressed).toBe(0);
  });

  it("errored cases are left out of the quality test and gated by the error rate", () => {
    const cand = model("1111111111", {
      extra: (i) => (i < 3 ? { errors: { timeout: 1 }, scores: [0], passes: 0 } : {}),
    });
    const s = run({ m: cand }, baseline({ m: model("1111111111") })).suites[0]!;
    expect(s.counts.errored).toBe(3);
    expect(s.paired).toBe(7);
    expect(s.test!.drop).toBe(0);
    expect(s.checks.find((x) => x.name === "errors")).toMatchObject({
      status: "fail",
      detail: "error rate 0.0% -> 30.0% (3 of 10 calls failed; allowed rise 2.0%), p < 0.001",
    });
    expect(s.verdict).toBe("fail");
  });

  it("one transient 429 in 20 calls does not fail the error-rate gate", () => {
    const cand = model("1".repeat(20), {
      extra: (i) => (i === 0 ? { errors: { rate_limit: 1 }, scores: [0], passes: 0 } : {}),
    });
    const s = run({ m: cand }, baseline({ m: model("1".repeat(20)) }), { margin: 0.2 }).suites[0]!;
    expect(s.checks.find((x) => x.name === "errors")).toMatchObject({ status: "pass" });
    expect(s.verdict).toBe("pass");
  });

  it.each([
    // One transient failure that outlived the retries: 5% of 20, but not a trend.
    [1, 20, 0, "pass", /: a single failed call is not a trend$/],
    // 2 of 20 (10%) against an allowed 2%: P(X >= 2 | 20, 0.02) = 0.060, not significant.
    [2, 20, 0, "pass", /not significantly above 2\.0%, p = 0\.060$/],
    [3, 20, 0, "fail", /, p = 0\.007$/],
    // The baseline's own error rate is allowed: 5% + 2% against 4 of 40.
    [4, 40, 0.05, "pass", /not significantly above 7\.0%/],
    [0, 20, 0, "pass", /^error rate 0\.0% -> 0\.0% \(0 of 20 calls failed; allowed rise 2\.0%\)$/],
  ])(
    "error-rate gate: %i of %i failed, baseline %f -> %s",
    (failed, trials, base, status, detail) => {
      const check = errorCheck(failed, trials, base, 0.02, 0.05);
      expect(check.status).toBe(status);
      expect(check.detail).toMatch(detail);
    },
  );

  it("a partial run does not call unrun cases removed; a full run does", () => {
    const base = baseline({ m: model("1111") });
    const cand = model("11", {});
    expect(run({ m: cand }, base, {}, true).suites[0]!.counts.removed).toBe(0);
    expect(run({ m: cand }, base, {}, false).suites[0]!.counts.removed).toBe(2);
  });

  it("summarises each scorer's pass rate, baseline -> candidate, over the trials it scored", () => {
    const sc = (a: number, b: number) => [
      { name: "exact", type: "equals", value: a, passes: a, reason: "" },
      { name: "tone", type: "llm", value: b, passes: b, reason: "" },
    ];
    const base = baseline({ m: model("1111", { extra: (i) => ({ scorers: sc(1, i % 2) }) }) });
    const cand = model("1100", {
      extra: (i) =>
        i === 3
          ? { scores: [0], passes: 0, errors: { timeout: 1 }, scorers: [] }
          : { scorers: sc(i < 2 ? 1 : 0, 1) },
    });
    const s = run({ m: cand }, base).suites[0]!;
    expect(s.scorers).toEqual([
      {
        name: "exact",
        type: "equals",
        baseline: { trials: 4, passRate: 1 },
        candidate: { trials: 3, passRate: 0.666667 },
      },
      {
        name: "tone",
        type: "llm",
        baseline: { trials: 4, passRate: 0.5 },
        candidate: { trials: 3, passRate: 1 },
      },
    ]);
    expect(run({ m: cand }, undefined).suites[0]!.scorers![0]!.baseline).toBeNull();
  });

  it("a partial run's baseline figures cover only the cases it ran (like with like)", () => {
    // Baseline: c0, c1 pass, c2..c19 mixed (75% overall); the filtered run ran c0 and c1.
    const base = baseline({
      m: model(`11${"10".repeat(9)}`, {
        extra: (i) => (i < 2 ? { cost: 0.002, latencyMs: 50 } : { cost: 0.01, latencyMs: 900 }),
      }),
    });
    const cand = model("11", { extra: () => ({ cost: 0.002, latencyMs: 50 }) });
    const partial = run({ m: cand }, base, {}, true).suites[0]!;
    expect(partial.baseline).toMatchObject({
      cases: 2,
      trials: 2,
      passRate: 1,
      meanScore: 1,
      costPerCase: 0.002,
      latencyP95: 50,
      errorRate: 0,
    });
    expect(partial.candidate.passRate).toBe(1);
    // A full run still compares with the whole baseline.
    const full = run({ m: cand }, base, {}, false).suites[0]!;
    expect(full.baseline).toMatchObject({ cases: 20, passRate: 0.55 });
  });

  it.each([
    [
      "no change on 40 cases: 0 of 40 seen still allows a 7-point drop",
      "1".repeat(30) + "0".repeat(10),
      "1".repeat(30) + "0".repeat(10),
      "inconclusive",
    ],
    ["no change on 200 cases", "1".repeat(200), "1".repeat(200), "pass"],
    ["one flip on 200 cases", "1".repeat(200), `0${"1".repeat(199)}`, "pass"],
    [
      "3 of 10 dropped: not significant, cannot rule out a big drop",
      "1111111111",
      "0001111111",
      "inconclusive",
    ],
    ["12 of 40 dropped", "1".repeat(40), "0".repeat(12) + "1".repeat(28), "fail"],
  ])("%s -> %s", (_label, base, cand, decision) => {
    expect(
      run({ m: model(cand) }, baseline({ m: model(base) }), { margin: 0.03 }).suites[0]!.decision,
    ).toBe(decision);
  });

  it("a significant drop within a wide margin passes as a small regression", () => {
    const base = "1".repeat(400);
    const cand = "0".repeat(20) + "1".repeat(380);
    const s = run({ m: model(cand) }, baseline({ m: model(base) }), { margin: 0.1 }).suites[0]!;
    expect(s.decision).toBe("pass-small-regression");
    expect(s.verdict).toBe("pass");
  });

  it("Holm-corrects the quality tests of one run", () => {
    const cand = new Map([
      ["s1", new Map([["m", model("0".repeat(7) + "1".repeat(33))]])],
      ["s2", new Map([["m", model("1".repeat(40))]])],
    ]);
    const bases = new Map([
      ["s1", baseline({ m: model("1".repeat(40)) })],
      ["s2", baseline({ m: model("1".repeat(40)) })],
    ]);
    const c = compareRuns({ candidate: cand, baselines: bases, gates: new Map(), partial: false });
    const s1 = c.suites.find((s) => s.suite === "s1")!;
    expect(s1.test!.pValue).toBeCloseTo(1 / 128, 6);
    expect(s1.pAdjusted).toBeCloseTo(2 / 128, 6);
  });

  it("gates cost per case and p95 latency increases", () => {
    const base = model("1111", { extra: () => ({ cost: 0.001, latencyMs: 100 }) });
    const cand = model("1111", { extra: () => ({ cost: 0.0015, latencyMs: 130 }) });
    const s = run({ m: cand }, baseline({ m: base }), {
      maxCostIncrease: 0.2,
      maxLatencyIncrease: 0.5,
    }).suites[0]!;
    expect(s.checks.find((x) => x.name === "cost")).toMatchObject({
      status: "fail",
      detail: "cost per case +50.0% (allowed +20.0%)",
    });
    expect(s.checks.find((x) => x.name === "latency")).toMatchObject({
      status: "pass",
      detail: "p95 latency +30.0% (allowed +50.0%)",
    });
    const unknown = run(
      { m: model("1111", { extra: () => ({ cost: null }) }) },
      baseline({ m: base }),
      { maxCostIncrease: 0.2 },
    ).suites[0]!;
    expect(unknown.checks.find((x) => x.name === "cost")!.status).toBe("skip");
  });

  it("warns of drift: judge model, judge prompt, changed inputs, trials", () => {
    const judge = (model: string, digest: string) => () => ({
      judges: [{ scorer: "g", model, promptDigest: digest }],
    });
    const base = model("11", { extra: judge("j1", "aaa") });
    const cand = {
      ...model("11", {
        trials: 1,
        extra: (i) => ({ ...judge("j2", "aaa")(), caseDigest: i === 0 ? "changed" : "d" }),
      }),
      trials: 2,
    };
    const drift = run({ m: cand }, baseline({ m: base })).suites[0]!.drift;
    expect(drift).toEqual([
      "trials per case changed: 1 -> 2",
      "inputs changed for 1 case: c0",
      "judge model of g changed: j1 -> j2",
    ]);
    const prompt = run({ m: model("11", { extra: judge("j1", "bbb") }) }, baseline({ m: base }))
      .suites[0]!.drift;
    expect(prompt).toEqual(["judge prompt of g changed (aaa -> bbb)"]);
  });
});

describe("classifyCase", () => {
  it.each([
    ["pass -> fail", [1], [0], "regressed"],
    ["fail -> pass", [0], [1], "improved"],
    ["same", [1], [1], "unchanged"],
    ["score drop on a failing case", [0.6], [0.2], "regressed"],
    ["tiny score change", [0.6], [0.58], "unchanged"],
    ["flaky candidate", [1, 1], [1, 0], "flaky"],
  ])("%s", (_l, before, after, status) => {
    expect(classifyCase("x", rec(before), rec(after)).status).toBe(status);
  });
  it("new, removed, errored", () => {
    expect(classifyCase("x", null, rec([1])).status).toBe("new");
    expect(classifyCase("x", rec([1]), null).status).toBe("removed");
    expect(classifyCase("x", rec([1]), rec([0], { errors: { auth: 1 } })).status).toBe("errored");
  });
});
