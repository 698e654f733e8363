import { lookupVariable, valueText } from "../../prompt/template.js";
import type { RawScore, ScoreContext } from "../types.js";

/** The text a guardrail checks, or the error score when its variable is missing. */
export function resolveTarget(
  target: string | undefined,
  ctx: Pick<ScoreContext, "output" | "case">,
): { text: string } | { error: RawScore } {
  if (target === undefined || target === "output") return { text: ctx.output };
  const name = target.slice("vars.".length);
  const value = lookupVariable(ctx.case.vars, name);
  if (value === undefined || value === null) {
    return { error: { value: 0, reason: `case has no variable ${name}`, error: "missing_var" } };
  }
  return { text: valueText(value) };
}
