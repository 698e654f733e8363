import { canonicalJson } from "../../util/hash.js";
import { getOrSet } from "../../util/map.js";
import { compileUserPattern, type UserPattern } from "../../util/user-regex.js";
import type { ScorerImpl } from "../types.js";
import { clip, resolvePattern, resolveText, resolveValue } from "../values.js";

const fold = (s: string, ignoreCase: boolean | undefined) => (ignoreCase ? s.toLowerCase() : s);
const yes = (ok: boolean) => (ok ? 1 : 0);

export const equals: ScorerImpl<"equals"> = {
  score(c, ctx) {
    const expected = c.value === undefined ? ctx.case.expected : resolveValue(c.value, ctx);
    if (typeof expected !== "string") return equalsJson(expected, ctx.output);
    const trim = c.trim ?? true;
    const a = fold(trim ? ctx.output.trim() : ctx.output, c.ignoreCase);
    const b = fold(trim ? expected.trim() : expected, c.ignoreCase);
    return {
      value: yes(a === b),
      reason: a === b ? "equal" : differs(expected, ctx.output),
    };
  },
};

/**
 * Why two texts are not equal. When the usual one-line view would show them the same (a trailing
 * newline, a non-breaking or zero-width space, case), both are shown escaped.
 */
export function differs(expected: string, output: string): string {
  if (clip(expected) !== clip(output)) return `expected "${clip(expected)}", got "${clip(output)}"`;
  return `expected ${escaped(expected)}, got ${escaped(output)} (they differ in spaces or invisible characters)`;
}

function escaped(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  return JSON.stringify(cut).replace(
    /[\u00a0\u00ad\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A structured expected value equals an output that parses to the same JSON (any key order or spacing). */
function equalsJson(expected: unknown, output: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.trim());
  } catch {
    parsed = output.trim();
  }
  const ok = canonicalJson(parsed) === canonicalJson(expected);
  return {
    value: yes(ok),
    reason: ok ? "equal" : `expected ${clip(JSON.stringify(expected))}, got "${clip(output)}"`,
  };
}

function includes(
  c: { value: unknown; ignoreCase?: boolean | undefined },
  ctx: Parameters<ScorerImpl<"contains">["score"]>[1],
  forceCase = false,
) {
  const needle = resolveText(c.value, ctx);
  const ic = forceCase || c.ignoreCase;
  const ok = fold(ctx.output, ic).includes(fold(needle, ic));
  return { value: yes(ok), reason: `${ok ? "contains" : "does not contain"} "${clip(needle)}"` };
}

export const contains: ScorerImpl<"contains"> = { score: (c, ctx) => includes(c, ctx) };
export const icontains: ScorerImpl<"icontains"> = { score: (c, ctx) => includes(c, ctx, true) };

export const containsAny: ScorerImpl<"contains-any"> = {
  score(c, ctx) {
    const out = fold(ctx.output, c.ignoreCase);
    const found = c.values
      .map((v) => resolveText(v, ctx))
      .filter((n) => out.includes(fold(n, c.ignoreCase)));
    return {
      value: yes(found.length > 0),
      reason: found.length
        ? `contains "${clip(found[0]!)}"`
        : `contains none of ${c.values.length}`,
    };
  },
};

export const containsAll: ScorerImpl<"contains-all"> = {
  score(c, ctx) {
    const out = fold(ctx.output, c.ignoreCase);
    const needles = c.values.map((v) => resolveText(v, ctx));
    const missing = needles.filter((n) => !out.includes(fold(n, c.ignoreCase)));
    return {
      value: (needles.length - missing.length) / needles.length,
      reason: missing.length
        ? `missing ${missing.map((m) => `"${clip(m, 30)}"`).join(", ")}`
        : `contains all ${needles.length}`,
    };
  },
};

export const startsWith: ScorerImpl<"starts-with"> = {
  score(c, ctx) {
    const prefix = resolveText(c.value, ctx);
    const ok = fold(ctx.output.trimStart(), c.ignoreCase).startsWith(fold(prefix, c.ignoreCase));
    return { value: yes(ok), reason: `${ok ? "starts" : "does not start"} with "${clip(prefix)}"` };
  },
};

export const endsWith: ScorerImpl<"ends-with"> = {
  score(c, ctx) {
    const suffix = resolveText(c.value, ctx);
    const ok = fold(ctx.output.trimEnd(), c.ignoreCase).endsWith(fold(suffix, c.ignoreCase));
    return { value: yes(ok), reason: `${ok ? "ends" : "does not end"} with "${clip(suffix)}"` };
  },
};

const regexCache = new Map<string, UserPattern>();

export const regex: ScorerImpl<"regex"> = {
  score(c, ctx) {
    const pattern = resolvePattern(c.pattern, ctx);
    const key = `${c.flags ?? ""}/${pattern}`;
    const re = getOrSet(regexCache, key, () => compileUserPattern(pattern, c.flags ?? ""));
    const m = re.exec(ctx.output);
    return {
      value: yes(m !== null),
      reason: m ? `matches at "${clip(m.match, 40)}"` : `no match for /${clip(pattern, 40)}/`,
    };
  },
};
