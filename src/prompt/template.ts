/**
 * `{{name}}` and `{{a.b}}` templates. One pass over the template: a value that itself contains
 * `{{...}}` is inserted as text and never rendered again.
 */
// Any name gh-models would substitute: letters and digits of any script, `_`, `-`, `$`, inner
// spaces and dots (`{{título}}`, `{{user name}}`, `{{1st}}`, `{{a.b}}`).
const VARIABLE = /\{\{\s*([\p{L}\p{N}_$][\p{L}\p{N}_$\- .]*?)\s*\}\}/gu;

/** The template split at its variables: static text and variable names, in order. */
export function templateParts(template: string): ({ text: string } | { variable: string })[] {
  const parts: ({ text: string } | { variable: string })[] = [];
  let at = 0;
  for (const m of template.matchAll(VARIABLE)) {
    if (m.index > at) parts.push({ text: template.slice(at, m.index) });
    parts.push({ variable: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < template.length) parts.push({ text: template.slice(at) });
  return parts;
}

/** The variable names a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(VARIABLE)) names.add(m[1]!);
  return [...names];
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
  const missing = templateVariables(template).filter((n) => lookupVariable(vars, n) === undefined);
  if (missing.length > 0 && !opts.literal) throw new MissingVariableError(missing);
  const escapeValue = opts.escapeValue ?? ((t: string) => t);
  return template.replace(VARIABLE, (m, name: string) => {
    const v = lookupVariable(vars, name);
    return v === undefined ? m : escapeValue(valueText(v));
  });
}
