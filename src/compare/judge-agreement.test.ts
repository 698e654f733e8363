import { describe, expect, it } from "vitest";
import { judgeOnlySuites } from "../run/plan.js";
import type { TrialResult } from "../run/types.js";
import type { Score } from "../scorer/types.js";
import type { Suite } from "../suite/types.js";
import { judgeAgreement } from "./judge-agreement.js";

const isJudge = (t: string) => t === "groundedness" || t === "llm-rubric";

function suite(labels: (string | number | Record<string, string | number>)[]): Suite {
  return {
    name: "s",
    cases: labels.map((h, i) => ({
      id: `c${i}`,
      vars: {},
      scorers: [{ type: "length", max: 3 }],
      human: h,
      file: "f",
      line: i,
      digest: "d",
    })),
    scorers: [{ type: "groundedness" }, { type: "contains", value: "x" }],
  } as unknown as Suite;
}

function result(i: number, value: number, pass: boolean, extra: Partial<Score> = {}): TrialResult {
  const score = {
    name: "groundedness",
    type: "groundedness",
    value,
    pass,
    reason: "",
    weight: 1,
    threshold: 1,
    ...extra,
  } as Score;
  const other = {
    name: "contains",
    type: "contains",
    value: 1,
    pass: true,
    reason: "",
    weight: 1,
    threshold: 1,
  } as Score;
  return { suite: "s", case: `c${i}`, scores: [score, other] } as TrialResult;
}

describe("judgeAgreement", () => {
  it("matches hand-computed agreement, kappa and confusion", () => {
    // Human: P P P P P P F F F F. Judge: P P P P P F P F F F.
    // Agree 8/10; judge pass 0.6, human pass 0.6; chance = .6*.6 + .4*.4 = .52;
    // kappa = (.8 - .52) / (1 - .52) = 0.58333; Wilson(8, 10) = [0.4902, 0.9433].
    const humans = ["pass", "pass", "pass", "pass", "pass", "pass", "fail", "fail", "fail", "fail"];
    const judge = [1, 1, 1, 1, 1, 0, 1, 0, 0, 0];
    const [row] = judgeAgreement(
      [suite(humans)],
      judge.map((v, i) => result(i, v, v === 1)),
      isJudge,
    );
    expect(row).toMatchObject({
      suite: "s",
      scorer: "groundedness",
      n: 10,
      accuracy: 0.8,
      confusion: { truePass: 5, trueFail: 3, falsePass: 1, falseFail: 1 },
      spearman: null,
      graded: 0,
    });
    expect(row!.kappa).toBeCloseTo(0.58333, 4);
    expect(row!.low).toBeCloseTo(0.4902, 3);
    expect(row!.high).toBeCloseTo(0.9433, 3);
  });

  it("graded labels: pass at the scorer's threshold, Spearman over values", () => {
    const humans = [0.9, 0.2, 0.6, 0.1];
    const values = [1, 0, 0.5, 0.5];
    const rows = judgeAgreement(
      [suite(humans)],
      values.map((v, i) => result(i, v, v >= 0.5, { threshold: 0.5 })),
      isJudge,
    );
    expect(rows[0]!.graded).toBe(4);
    // Human pass at >= 0.5: P F P F; judge pass: P F P P -> one false pass.
    expect(rows[0]!.confusion).toEqual({ truePass: 2, trueFail: 1, falsePass: 1, falseFail: 0 });
    // Ranks: values 4, 1, 2.5, 2.5; humans 4, 2, 3, 1 -> rho = 0.632456
    expect(rows[0]!.spearman).toBeCloseTo(0.632456, 5);
  });

  it("counts judge errors as the judge failing", () => {
    const rows = judgeAgreement(
      [suite(["pass", "fail"])],
      [result(0, 0, false, { error: "judge_parse" }), result(1, 0, false)],
      isJudge,
    );
    expect(rows[0]).toMatchObject({ judgeErrors: 1, confusion: { falseFail: 1, trueFail: 1 } });
  });

  it("names the cases where judge and human disagree, with the judge's reasoning", () => {
    const judgeInfo = (reasoning: string) =>
      ({ judge: { reasoning } }) as unknown as Partial<Score>;
    const [row] = judgeAgreement(
      [suite(["pass", "fail", "pass"])],
      [
        result(0, 1, true, judgeInfo("cites the article")),
        result(1, 1, true, judgeInfo("looks grounded to me")),
        result(2, 0, false, { reason: "judge said unsupported" }),
      ],
      isJudge,
    );
    expect(row!.disagreements).toEqual([
      {
        case: "c1",
        trial: undefined,
        judge: "pass",
        human: "fail",
        value: 1,
        reasoning: "looks grounded to me",
      },
      {
        case: "c2",
        trial: undefined,
        judge: "fail",
        human: "pass",
        value: 0,
        reasoning: "judge said unsupported",
      },
    ]);
    expect(row!.note).toBeNull();
  });

  it("takes per-scorer human labels, and skips a scorer a case does not label", () => {
    const s = suite([{ groundedness: "fail", tone: 0.5 }, { tone: "pass" }, "pass"]);
    const rows = judgeAgreement(
      s ? [s] : [],
      [result(0, 0, false), result(1, 1, true), result(2, 1, true)],
      isJudge,
    );
    // c1 labels only tone, so groundedness is compared on c0 (fail/fail) and c2 (pass/pass).
    expect(rows[0]).toMatchObject({ n: 2, confusion: { truePass: 1, trueFail: 1 }, kappa: 1 });
  });

  it("says why kappa is 0 when the judge passes everything", () => {
    const [row] = judgeAgreement(
      [suite(["pass", "fail", "fail"])],
      [result(0, 1, true), result(1, 1, true), result(2, 1, true)],
      isJudge,
    );
    expect(row!.kappa).toBe(0);
    expect(row!.note).toContain("the judge passed every case, so kappa is 0");
    const [humansPass] = judgeAgreement(
      [suite(["pass", "pass"])],
      [result(0, 1, true), result(1, 0, false)],
      isJudge,
    );
    expect(humansPass!.note).toContain("every human label is a pass");
  });

  it("judgeOnlySuites keeps labelled cases and judge scorers only", () => {
    const s = suite(["pass"]);
    s.cases.push({ ...s.cases[0]!, id: "unlabelled", human: undefined });
    const [only] = judgeOnlySuites([s], isJudge);
    expect(only!.cases.map((c) => c.id)).toEqual(["c0"]);
    expect(only!.scorers.map((x) => x.type)).toEqual(["groundedness"]);
    expect(only!.cases[0]!.scorers).toEqual([]);
    expect(only!.trials).toBe(1);
  });
});
