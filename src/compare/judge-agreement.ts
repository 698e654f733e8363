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
    }
  >();
  for (const r of results) {
    const human = labels.get(`${r.suite}\u0000${r.case}`);
    if (human === undefined) continue;
    for (const s of r.scores.filter((x) => isJudge(x.type))) {
      const k = `${r.suite}\u0000${s.name}`;
      const g = getOrSet(groups, k, () => ({
        suite: r.suite,
        scorer: s.name,
        pairs: [] as { judge: boolean; human: boolean }[],
        values: [] as number[],
        humanScores: [] as number[],
        errors: 0,
      }));
      const humanPass = typeof human === "number" ? human >= s.threshold : human === "pass";
      g.pairs.push({ judge: s.pass, human: humanPass });
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
      };
    })
    .sort((x, y) => x.suite.localeCompare(y.suite) || x.scorer.localeCompare(y.scorer));
}
