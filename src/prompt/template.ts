/**
 * `{{name}}` and `{{a.b}}` templates. One pass over the template: a value that itself contains
 * `{{...}}` is inserted as text and never rendered again.
 */
// Any name gh-models would substitute: letters and digits of any script, `_`, `-`, `$`, inner
// spaces and dots (`{{título}}`, `{{user name}}`, `{{1st}}`, `{{a.b}}`).
const VARIABLE = /\{\{\s*([\p{L}\p{N}_$][\p{L}\p{N}_$\- .]*?)\s*\}\}/gu;

/** A piece of a template: static text, or a variable with the text that names it (`{{ q }}`). */
export type TemplatePart = { text: string } | { variable: string; raw: string };

/**
 * Templates already split, by text: a run renders the same few templates for every case (the
 * unicode pattern's scan was most of rendering). Bounded: a dataset whose rows are templates
 * (per-case scorer values) splits each row again past the bound.
 */
const parsed = new Map<string, { parts: readonly TemplatePart[]; variables: readonly string[] }>();
const PARSED_MAX = 2000;

function parse(template: string): { parts: readonly TemplatePart[]; variables: readonly string[] } {
  const known = parsed.get(template);
  if (known) return known;
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const m of template.matchAll(VARIABLE)) {
    if (m.index > at) parts.push({ text: template.slice(at, m.index) });
    parts.push({ variable: m[1]!, raw: m[0] });
    at = m.index + m[0].length;
  }
  if (at < template.length) parts.push({ text: template.slice(at) });
  const variables = [...new Set(parts.flatMap((p) => ("variable" in p ? [p.variable] : [])))];
  const out = { parts, variables };
  if (parsed.size < PARSED_MAX) parsed.set(template, out);
  return out;
}

/** The template split at its variables: static text and variables, in order. */
export function templateParts(template: string): readonly TemplatePart[] {
  return parse(template).parts;
}

/** The variable names a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  return [...parse(template).variables];
}

/** Look a dotted name up in `vars`: `a.b` is vars.a.b (or a key literally named "a.b"). */
export function lookupVariable(vars: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(vars, name)) return vars[name];
  let v: unknown = vars;
  for (const part of name.split(".")) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Text of a value as inserted in a template: strings as is, everything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export class MissingVariableError extends Error {
  readonly variables: string[];
  constructor(variables: string[]) {
    super(
      `unknown variable${variables.length > 1 ? "s" : ""} ${variables.map((v) => `{{${v}}}`).join(", ")}`,
    );
    this.variables = variables;
  }
}

/**
 * Render a template strictly: every variable must be defined (null counts as defined). With
 * `literal`, an undefined variable is left as written, as gh-models sends it; `escapeValue` is
 * applied to each inserted value (a regex template escapes them).
 */
export function renderTemplate(
  template: string,
  vars: Record<string, unknown>,
  opts: { literal?: boolean; escapeValue?: (text: string) => string } = {},
): string {
  const { parts, variables } = parse(template);
  if (!opts.literal) {
    const missing = variables.filter((n) => lookupVariable(vars, n) === undefined);
    if (missing.length > 0) throw new MissingVariableError(missing);
  }
  let out = "";
  for (const part of parts) {
    if ("text" in part) {
      out += part.text;
      continue;
    }
    const v = lookupVariable(vars, part.variable);
    if (v === undefined) out += part.raw;
    else out += opts.escapeValue ? opts.escapeValue(valueText(v)) : valueText(v);
  }
  return out;
}
