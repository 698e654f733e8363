/** Deeper than this, input is an attack or a mistake; parsers and validators would overflow the stack. */
export const MAX_DEPTH = 200;

/** Values a parsed file may expand to (YAML aliases count once per use). */
export const MAX_VALUES = 1_000_000;

/**
 * Whether a parsed value is too deep or, counting every alias use, too large to validate and
 * score; iterative, so a hostile value cannot overflow the stack while it is measured.
 */
export function measureValue(value: unknown): "ok" | "too-deep" | "too-large" {
  const stack: [unknown, number][] = [[value, 0]];
  let seen = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++seen > MAX_VALUES) return "too-large";
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_DEPTH) return "too-deep";
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return "ok";
}

/**
 * Where YAML or JSON text first opens more than MAX_DEPTH flow collections ([ and {), found
 * before parsing: the YAML parser runs out of stack, then memory, on a few thousand. Quoted
 * strings and comments are skipped; brackets in plain text may over-count, never under-count.
 */
export function excessiveNesting(text: string): number | undefined {
  let depth = 0;
  let quote = "";
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (comment) {
      if (ch === "\n") comment = false;
    } else if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = "";
    } else if ((ch === '"' || ch === "'") && startsScalar(text, i)) quote = ch;
    else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (ch === "[" || ch === "{") {
      if (++depth > MAX_DEPTH) return i;
    } else if ((ch === "]" || ch === "}") && depth > 0) depth--;
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a value starts (not inside "can't" or a plain text). */
function startsScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
  return j < 0 || "\n:[{,-?".includes(text[j]!);
}
