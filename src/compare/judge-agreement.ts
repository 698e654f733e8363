import type { HumanLabel } from "../config/schema/suite.js";
import type { TrialResult } from "../run/types.js";
import type { Suite } from "../suite/types.js";
import { getOrSet } from "../util/map.js";
import { agreement, type Confusion, cohensKappa, confusion, spearman } from "./agreement.js";

/** How one judge scorer of one suite agrees with the human labels of its cases. */
export interface ScorerAgreement {
  suite: string;
  scorer: string;
  n: number;
  accuracy: number;
  /** Wilson 95% interval of the accuracy. */
  low: number;
  high: number;
  kappa: number;
  confusion: Confusion;
  /** Spearman's rho between judge values and graded (numeric) human labels; null without them. */
  spearman: number | null;
  graded: number;
  /** Judge replies that could not be used (judge_parse, failed calls): counted as the judge failing. */
  judgeErrors: number;
  /** The cases where the judge and the human disagree, with the judge's reasoning. */
  disagreements: Disagreement[];
  /** Why kappa says little here (a judge or humans that gave one verdict only), when it does. */
  note: string | null;
}

export interface Disagreement {
  case: string;
  trial: number;
  judge: "pass" | "fail";
  /** The human label as written (pass/fail or a score). */
  human: "pass" | "fail" | number;
  value: number;
  /** The judge's own reasoning, else the scorer's reason. */
  reasoning: string;
}

/** A human label for one judge scorer: the per-scorer label, else the case's single label. */
export function humanLabelFor(
  human: HumanLabel | undefined,
  scorer: string,
): "pass" | "fail" | number | undefined {
  if (human === undefined || typeof human !== "object") return human;
  return human[scorer];
}

/** Kappa 0 because one side never varied reads as "no better than chance": say why instead. */
function kappaNote(c: Confusion): string | null {
  const judgePasses = c.truePass + c.falsePass;
  const judgeFails = c.trueFail + c.falseFail;
  const humanPasses = c.truePass + c.falseFail;
  const humanFails = c.trueFail + c.falsePass;
  if (judgePasses + judgeFails === 0) return null;
  if (judgeFails === 0)
    return "the judge passed every case, so kappa is 0 whatever the labels say: label cases a human fails to see whether it can fail them";
  if (judgePasses === 0)
    return "the judge failed every case, so kappa is 0 whatever the labels say";
  if (humanFails === 0)
    return "every human label is a pass, so kappa cannot measure agreement: label some failing cases";
  if (humanPasses === 0)
    return "every human label is a fail, so kappa cannot measure agreement: label some passing cases";
  return null;
}

/** Compare judge scores with human labels, per suite and judge scorer (pure). */
export function judgeAgreement(
  suites: Suite[],
  results: Iterable<TrialResult>,
  isJudge: (type: string) => boolean,
): ScorerAgreement[] {
  const labels = new Map(
    suites.flatMap((s) =>
      s.cases
        .filter((c) => c.human !== undefined)
        .map((c) => [`${s.name}\u0000${c.id}`, c.human!] as const),
    ),
  );
  const groups = new Map<
    string,
    {
      suite: string;
      scorer: string;
      pairs: { judge: boolean; human: boolean }[];
      values: number[];
      humanScores: number[];
      errors: number;
      disagreements: Disagreement[];
    }
  >();
  for (const r of results) {
    const label = labels.get(`${r.suite}\u0000${r.case}`);
    if (label === undefined) continue;
    for (const s of r.scores.filter((x) => isJudge(x.type))) {
      const human = humanLabelFor(label, s.name);
      if (human === undefined) continue;
      const k = `${r.suite}\u0000${s.name}`;
      const g = getOrSet(groups, k, () => ({
        suite: r.suite,
        scorer: s.name,
        pairs: [] as { judge: boolean; human: boolean }[],
        values: [] as number[],
        humanScores: [] as number[],
        errors: 0,
        disagreements: [] as Disagreement[],
      }));
      const humanPass = typeof human === "number" ? human >= s.threshold : human === "pass";
      g.pairs.push({ judge: s.pass, human: humanPass });
      if (s.pass !== humanPass)
        g.disagreements.push({
          case: r.case,
          trial: r.trial,
          judge: s.pass ? "pass" : "fail",
          human,
          value: s.value,
          reasoning: s.judge?.reasoning ?? s.reason,
        });
      if (s.error) g.errors++;
      if (typeof human === "number") {
        g.values.push(s.value);
        g.humanScores.push(human);
      }
    }
  }
  return [...groups.values()]
    .map((g) => {
      const c = confusion(g.pairs);
      const a = agreement(c);
      return {
        suite: g.suite,
        scorer: g.scorer,
        n: a.n,
        accuracy: a.accuracy,
        low: a.low,
        high: a.high,
        kappa: cohensKappa(c),
        confusion: c,
        spearman: g.values.length >= 2 ? spearman(g.values, g.humanScores) : null,
        graded: g.values.length,
        judgeErrors: g.errors,
        disagreements: g.disagreements.sort(
          (x, y) => x.case.localeCompare(y.case) || x.trial - y.trial,
        ),
        note: kappaNote(c),
      };
    })
    .sort((x, y) => x.suite.localeCompare(y.suite) || x.scorer.localeCompare(y.scorer));
}
