import { execAll } from "../../util/regex.js";
import type { Finding } from "./types.js";

/**
 * A run of digits and phone separators. The run is validated in code rather than by a
 * structured regex: optional separators inside repeated groups backtrack exponentially.
 */
const CANDIDATE = /(?<![\w#$€£¥+./:@-])[+(]?\d[\d ()./\u00a0-]{6,24}\d(?![\w:/-]|[.,]\d)/g;

/** Words after which a digit run is an identifier, not a phone number. */
const ID_CONTEXT =
  /\b(?:order|invoice|ticket|case|ref(?:erence)?|tracking|confirmation|booking|reservation|po|sku|serial|part|model|item|account|acct|transaction|txn|isbn|issn|id|claim|shipment|parcel|batch|lot|build|version)\b\s*(?:#|no\.?|nr\.?|number|num\.?|id|code)?\s*[:#]?\s*$/i;

const DATE =
  /(?:^|\D)(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}|(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2})(?:\D|$)/;

/** True when the text just before `start` names an identifier ("order #", "ISBN"). */
export function followsIdWord(text: string, start: number): boolean {
  return ID_CONTEXT.test(text.slice(Math.max(0, start - 40), start));
}

/** North American 3-3-4 with valid area and exchange codes, optionally after a 1. */
function isNanp(groups: string[]): boolean {
  const g = groups[0] === "1" ? groups.slice(1) : groups;
  return (
    g.length === 3 &&
    /^[2-9]\d\d$/.test(g[0]!) &&
    /^[2-9]\d\d$/.test(g[1]!) &&
    /^\d{4}$/.test(g[2]!)
  );
}

/**
 * International numbers (+ and 8-15 digits) and national ones with separators: NANP 3-3-4 or
 * a trunk-0 number of 10-11 digits in groups of two or more. Plain digit runs are ids.
 */
export function isPhoneNumber(s: string): boolean {
  if (/[()]/.test(s) && !/^[^()]*\(\d{1,4}\)[^()]*$/.test(s)) return false;
  // A slash only follows a trunk-0 area code, as in German 030/1234567.
  if (s.includes("/") && !/^0\d{1,4}\/\d[\d ]*$/.test(s)) return false;
  if (DATE.test(s)) return false;
  const groups = s.split(/\D+/).filter(Boolean);
  const digits = groups.join("");
  if (groups[groups.length - 1]!.length < 2) return false;
  if (s.startsWith("+")) {
    if (digits.length < 8 || digits.length > 15 || digits[0] === "0") return false;
    return groups.length === 1 || groups.every((g) => g.length <= 8);
  }
  if (groups.length < 2 || groups.some((g) => g.length > 8)) return false;
  if (isNanp(groups)) return true;
  const trunk = digits[0] === "0" && groups.every((g) => g.length >= 2);
  return trunk && (digits.length === 10 || digits.length === 11);
}

/** Hide every digit but the country code and the last two, keeping the layout: +1 (***) ***-**32. */
export function maskPhone(s: string): string {
  const country = /^\+\d{1,3}(?=\D)/.exec(s)?.[0] ?? "";
  const rest = s.slice(country.length);
  const total = rest.replace(/\D/g, "").length;
  let seen = 0;
  return country + rest.replace(/\d/g, (d) => (++seen > total - 2 ? d : "*"));
}

/** Phone numbers in international and common national formats. */
export function findPhones(text: string): Finding<"phone">[] {
  const found: Finding<"phone">[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    let value = m[0];
    // The run may swallow a trailing note: "0800 123 4567 (24/7)".
    const paren = value.lastIndexOf(" (");
    if (!isPhoneNumber(value) && paren > 0) value = value.slice(0, paren);
    if (!isPhoneNumber(value)) continue;
    if (!value.startsWith("+") && followsIdWord(text, m.index)) continue;
    found.push({
      kind: "phone",
      start: m.index,
      end: m.index + value.length,
      value,
      masked: maskPhone(value),
    });
  }
  return found;
}
