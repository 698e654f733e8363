import { lookupVariable, renderTemplate, valueText } from "../prompt/template.js";
import { extend } from "../util/object.js";
import { escapeRegex } from "../util/regex.js";
import type { ScoreContext } from "./types.js";

const SINGLE = /^\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}$/;

/** The variables a scorer's text may use: the case's vars (also as vars.x), expected, output. */
export function scorerVars(ctx: Pick<ScoreContext, "case" | "output">): Record<string, unknown> {
  return extend(ctx.case.vars, {
    vars: ctx.case.vars,
    ...(ctx.case.expected !== undefined ? { expected: ctx.case.expected } : {}),
    output: ctx.output,
    completion: ctx.output,
  });
}

/** A scorer option as text, with templates rendered. */
export function resolveText(value: unknown, ctx: Pick<ScoreContext, "case" | "output">): string {
  return typeof value === "string" ? renderTemplate(value, scorerVars(ctx)) : valueText(value);
}

/** A regex option with templates rendered; inserted values match as literal text. */
export function resolvePattern(
  pattern: string,
  ctx: Pick<ScoreContext, "case" | "output">,
): string {
  return pattern.includes("{{")
    ? renderTemplate(pattern, scorerVars(ctx), { escapeValue: escapeRegex })
    : pattern;
}

/** A scorer option as a value: a lone `{{x}}` keeps x's type (false stays false, not "false"). */
export function resolveValue(value: unknown, ctx: Pick<ScoreContext, "case" | "output">): unknown {
  if (typeof value !== "string") return value;
  const m = SINGLE.exec(value);
  if (m) {
    const v = lookupVariable(scorerVars(ctx), m[1]!);
    if (v !== undefined) return v;
  }
  return resolveText(value, ctx);
}

/** Shorten text for a reason line. */
export function clip(text: string, max = 80): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}
