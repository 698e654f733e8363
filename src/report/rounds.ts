/** Sequential trials in the terminal and markdown reports: the rounds of each suite and model. */
import type { Comparison } from "../compare/compare.js";
import { caseCode } from "./markdown-cases.js";

/**
 * One line per suite and model that ran sequential trials, e.g. `echo [fake]: round 1: 1 trial
 * per case, inconclusive; round 2: 2 trials per case, fail (Pocock level 2.2% per look, at most
 * 3 trials per case)`.
 */
export function roundLines(c: Comparison, code: (s: string) => string = (s) => s): string[] {
  const bySuite = new Map<string, NonNullable<Comparison["rounds"]>>();
  for (const r of c.rounds ?? []) {
    const key = `${code(r.suite)} [${code(r.model)}]`;
    bySuite.set(key, [...(bySuite.get(key) ?? []), r]);
  }
  return [...bySuite].map(([label, rounds]) => {
    const steps = rounds.map(
      (r) =>
        `round ${r.round}: ${r.trialsPerCase} trial${r.trialsPerCase === 1 ? "" : "s"} per case, ${r.decision}`,
    );
    const last = rounds.at(-1)!;
    return `${label}: ${steps.join("; ")} (Pocock level ${(last.level * 100).toFixed(1)}% per look, at most ${last.maxTrials} trials per case)`;
  });
}

/** The markdown "Sequential trials" section, or null when no suite ran them. */
export function renderRounds(c: Comparison): string | null {
  const lines = roundLines(c, caseCode);
  if (lines.length === 0) return null;
  return ["### Sequential trials", "", ...lines.map((l) => `- ${l}`)].join("\n");
}
