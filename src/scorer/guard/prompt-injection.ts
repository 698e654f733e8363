import type { promptInjectionScorerSchema } from "../../config/schema/scorer-guard.js";
import { EXFILTRATION_RULES } from "./injection-exfiltration.js";
import { TEXT_RULES } from "./injection-rules.js";
import { SMUGGLING_RULES } from "./injection-smuggling.js";
import type { InjectionSignal } from "./injection-types.js";
import { resolveTarget } from "./target.js";
import type { GuardImpl } from "./types.js";

export type { InjectionSignal };

/** How much a text looks like a prompt injection: each fired rule adds its weight, up to 1. */
export interface InjectionAssessment {
  risk: number;
  signals: InjectionSignal[];
}

/** All quoted mentions together stay below the flag: an article listing attacks is not one. */
const MENTION_CAP = 0.3;

/** Run every injection heuristic over a text. */
export function assessInjection(text: string): InjectionAssessment {
  const signals = [...TEXT_RULES, ...SMUGGLING_RULES, ...EXFILTRATION_RULES]
    .map((r) => r.detect(text))
    .filter((s): s is InjectionSignal => s !== undefined && s.weight > 0);
  const sum = (list: InjectionSignal[]) => list.reduce((total, s) => total + s.weight, 0);
  const direct = sum(signals.filter((s) => !s.mention));
  const mentions = Math.min(MENTION_CAP, sum(signals.filter((s) => s.mention)));
  return { risk: Math.min(1, Math.round((direct + mentions) * 100) / 100), signals };
}

/** Value 1 - risk: flagged (below the 0.5 default threshold) when the risk exceeds 0.5. */
export const promptInjection: GuardImpl<typeof promptInjectionScorerSchema> = {
  defaultThreshold: 0.5,
  score(c, ctx) {
    const target = resolveTarget(c.target, ctx);
    if ("error" in target) return target.error;
    const { risk, signals } = assessInjection(target.text);
    if (signals.length === 0) return { value: 1, reason: "no injection signals" };
    const fired = signals
      .map((s) => `${s.rule}${s.mention ? " [quoted]" : ""} (${s.evidence})`)
      .join("; ");
    return { value: 1 - risk, reason: `injection risk ${risk.toFixed(2)}: ${fired}` };
  },
};
