import type { bannedScorerSchema } from "../../config/schema/scorer-guard.js";
import { escapeRegex } from "../../util/regex.js";
import { compileUserPattern } from "../../util/user-regex.js";
import { resolveTarget } from "./target.js";
import type { GuardImpl } from "./types.js";

/** Compatibility forms (full-width letters) and full case folding (ß and SS, ﬁ and FI). */
const fold = (s: string) => s.normalize("NFKC").toUpperCase().toLowerCase();
const SEPARATOR = /[\s\u2010-\u2015-]+/;

/**
 * A whole-word matcher: letters and digits may not touch the term on either side, so "ass"
 * does not match "class"; spaces and hyphens inside a phrase match any run of either, so
 * "risk-free" also matches "risk free".
 */
export function compileWord(word: string): RegExp {
  const parts = fold(word).split(SEPARATOR).filter(Boolean);
  // A term of only spaces or hyphens would match everywhere; it matches nothing instead.
  if (parts.length === 0) return /(?!)/;
  const body = parts.map(escapeRegex).join("[\\s\\u2010-\\u2015-]+");
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${body}(?![\\p{L}\\p{N}\\p{M}_])`, "u");
}

type Tester = { test(text: string): boolean };
const cache = new Map<string, Tester>();
function cached(key: string, make: () => Tester): Tester {
  const known = cache.get(key);
  if (known) return known;
  const re = make();
  cache.set(key, re);
  return re;
}

/** The banned words and patterns a text contains, as written in the config. */
export function findBanned(
  text: string,
  words: readonly string[] = [],
  patterns: readonly string[] = [],
): string[] {
  const folded = fold(text);
  const hits = words.filter((w) => cached(`w:${w}`, () => compileWord(w)).test(folded));
  for (const p of patterns)
    if (cached(`p:${p}`, () => compileUserPattern(p, "i")).test(text)) hits.push(`/${p}/`);
  return hits;
}

/** 1 when the target contains none of the banned words or patterns, 0 otherwise. */
export const banned: GuardImpl<typeof bannedScorerSchema> = {
  score(c, ctx) {
    const target = resolveTarget(c.target, ctx);
    if ("error" in target) return target.error;
    const hits = findBanned(target.text, c.words, c.patterns);
    return hits.length === 0
      ? { value: 1, reason: "no banned terms" }
      : {
          value: 0,
          reason: `banned: ${hits.map((h) => (h.startsWith("/") ? h : `"${h}"`)).join(", ")}`,
        };
  },
};
