/**
 * `{{name}}` and `{{a.b}}` templates. One pass over the template: a value that itself contains
 * `{{...}}` is inserted as text and never rendered again.
 */
// Any name gh-models would substitute: letters and digits of any script, `_`, `-`, `$`, inner
// spaces and dots (`{{título}}`, `{{user name}}`, `{{1st}}`, `{{a.b}}`).
const VARIABLE = /\{\{\s*([\p{L}\p{N}_$][\p{L}\p{N}_$\- .]*?)\s*\}\}/gu;

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
 * `literal`, an undefined variable is left as written, as gh-models sends it.
 */
export function renderTemplate(
  template: string,
  vars: Record<string, unknown>,
  opts: { literal?: boolean } = {},
): string {
  const missing = templateVariables(template).filter((n) => lookupVariable(vars, n) === undefined);
  if (missing.length > 0 && !opts.literal) throw new MissingVariableError(missing);
  return template.replace(VARIABLE, (m, name: string) => {
    const v = lookupVariable(vars, name);
    return v === undefined ? m : valueText(v);
  });
}
