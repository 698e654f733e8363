import { readsAsInstructions } from "./injection-rules.js";
import {
  evidenceOf,
  type InjectionRule,
  MAX_CANDIDATES,
  MEDIUM,
  STRONG,
  WEAK,
} from "./injection-types.js";

const MAX_DECODE = 4096;

const isPrintable = (s: string) =>
  s.length > 0 && (s.match(/[\x20-\x7E\t\r\n]/g)?.length ?? 0) / s.length >= 0.95;

/** A rule that decodes candidate runs and fires when the plain text reads as instructions. */
function decodedRule(id: string, re: RegExp, decode: (run: string) => string): InjectionRule {
  return {
    id,
    detect(text) {
      let n = 0;
      for (const m of text.matchAll(re)) {
        if (++n > MAX_CANDIDATES) break;
        const plain = decode(m[0].slice(0, MAX_DECODE));
        if (isPrintable(plain) && readsAsInstructions(plain)) {
          return { rule: id, weight: STRONG, evidence: `decodes to "${evidenceOf(plain, 40)}"` };
        }
      }
      return undefined;
    },
  };
}

const base64 = decodedRule(
  "base64-smuggling",
  /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{24,}={0,2}/g,
  (run) => Buffer.from(run, "base64").toString("utf8"),
);

const hex = decodedRule(
  "hex-smuggling",
  /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){12,}|(?:\\x[0-9A-Fa-f]{2}){8,}/g,
  (run) => Buffer.from(run.replace(/\\x|[ :]/g, ""), "hex").toString("latin1"),
);

const rot13 = (s: string) =>
  s.replace(/[A-Za-z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

/**
 * Common words of instructions, as they read in rot13 ("gur" is "the", "vtaber" is "ignore"). A
 * text holding none of them does not decode to instructions, so it is not decoded: this keeps the
 * rule from running every text rule twice on every benign text, which was half the cost of the
 * whole guardrail in the monitor benchmark (issue 14).
 */
const ROT13_WORDS = new RegExp(
  `\\b(?:${"the you your all and to of is are me my now any ignore disregard forget override bypass skip stop prompt system instructions? rules? previous prior above earlier reveal print show tell output repeat act pretend developer mode secrets? password keys? no new from do not must only say write send"
    .split(" ")
    .map(rot13)
    .join("|")})\\b`,
  "i",
);

const rot13Rule: InjectionRule = {
  id: "rot13-smuggling",
  detect(text) {
    const head = text.slice(0, 20_000);
    if (!ROT13_WORDS.test(head)) return undefined;
    const plain = rot13(head);
    return readsAsInstructions(plain) && !readsAsInstructions(text.slice(0, 20_000))
      ? { rule: "rot13-smuggling", weight: STRONG, evidence: `rot13 of "${evidenceOf(plain, 40)}"` }
      : undefined;
  },
};

const ZERO_WIDTH =
  /[\u200B\u2060\u180E\u2061-\u2064]|(?<!^)\uFEFF|(?<=[\x21-\x7E])[\u200C\u200D](?=[\x21-\x7E])/g;
const invisible: InjectionRule = {
  id: "invisible-characters",
  detect(text) {
    const n = text.match(ZERO_WIDTH)?.length ?? 0;
    if (n === 0) return undefined;
    // Many zero-width characters can encode a hidden message bit by bit.
    return {
      rule: "invisible-characters",
      weight: n >= 8 ? STRONG : WEAK + 0.1,
      evidence: `${n} zero-width characters`,
    };
  },
};

const bidi: InjectionRule = {
  id: "bidi-controls",
  detect(text) {
    const n = text.match(/[\u202A-\u202E\u2066-\u2069]/g)?.length ?? 0;
    if (n === 0) return undefined;
    // Right-to-left override shows reversed text; read it the way the model does.
    const segments = [...text.matchAll(/\u202E([^\u202A-\u202E\u2066-\u2069]{10,2000})/g)].slice(
      0,
      MAX_CANDIDATES,
    );
    const hides = segments.some((m) => readsAsInstructions([...m[1]!].reverse().join("")));
    return {
      rule: "bidi-controls",
      weight: hides ? STRONG : MEDIUM,
      evidence: `${n} bidirectional control characters`,
    };
  },
};

const variationSelectors: InjectionRule = {
  id: "variation-selector-smuggling",
  detect(text) {
    const m = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{4,}/u.exec(text);
    return m
      ? {
          rule: "variation-selector-smuggling",
          weight: STRONG,
          evidence: `${[...m[0]].length} variation selectors in a row`,
        }
      : undefined;
  },
};

const tags: InjectionRule = {
  id: "unicode-tag-smuggling",
  detect(text) {
    for (const m of text.matchAll(/[\u{E0000}-\u{E007F}]+/gu)) {
      const plain = [...m[0]].map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join("");
      // Subdivision flags (England, Scotland) are a black flag followed by tag letters.
      const flag = text.codePointAt(m.index - 2) === 0x1f3f4 && /^[a-z0-9]{2,8}\x7f$/.test(plain);
      if (!flag && /[A-Za-z].*[A-Za-z].*[A-Za-z]/.test(plain)) {
        return {
          rule: "unicode-tag-smuggling",
          weight: STRONG,
          evidence: `hidden text "${evidenceOf(plain, 40)}"`,
        };
      }
    }
    return undefined;
  },
};

const HIDDEN_STYLE =
  /display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])|\bhidden\b|aria-hidden/i;
const HIDDEN_WORDS =
  /\b(?:AI|LLM|assistant|chatbot|agent|model|GPT|Claude|ignore|disregard|instructions?|prompt|you\s+(?:must|should|will|are)|do\s+not\s+(?:tell|mention|reveal)|reveal|respond|reply)\b/i;

/** Text a reader does not see: HTML comments, hidden elements, markdown comments. */
export function findHiddenText(text: string): string[] {
  const hidden: string[] = [];
  for (
    let at = text.indexOf("<!--");
    at >= 0 && hidden.length < MAX_CANDIDATES;
    at = text.indexOf("<!--", at + 4)
  ) {
    const close = text.indexOf("-->", at + 4);
    hidden.push(text.slice(at + 4, close < 0 ? at + 4 + MAX_DECODE : close));
    if (close < 0) break;
  }
  for (const m of text.matchAll(/<[a-z][^<>]{0,500}>/gi)) {
    if (hidden.length >= MAX_CANDIDATES) break;
    if (!HIDDEN_STYLE.test(m[0])) continue;
    const end = m.index + m[0].length;
    const next = text.indexOf("<", end);
    hidden.push(text.slice(end, next < 0 ? end + MAX_DECODE : Math.min(next, end + MAX_DECODE)));
  }
  for (const m of text.matchAll(
    /^[ \t]*\[(?:\/\/|comment|_)\]:\s*(?:#|<>)\s*\(([^)\n]{0,500})\)/gim,
  ))
    hidden.push(m[1]!);
  return hidden;
}

const hiddenMarkup: InjectionRule = {
  id: "hidden-markup",
  detect(text) {
    const hit = findHiddenText(text).find((h) => HIDDEN_WORDS.test(h));
    return hit === undefined
      ? undefined
      : { rule: "hidden-markup", weight: MEDIUM, evidence: `hidden "${evidenceOf(hit, 40)}"` };
  },
};

/** Rules for instructions hidden from a human reader: encoded, invisible or in markup. */
export const SMUGGLING_RULES: readonly InjectionRule[] = [
  base64,
  hex,
  rot13Rule,
  invisible,
  bidi,
  variationSelectors,
  tags,
  hiddenMarkup,
];
