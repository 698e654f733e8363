import { type PiiKind, piiKinds, type piiScorerSchema } from "../../config/schema/scorer-guard.js";
import { execAll } from "../../util/regex.js";
import { describeFindings, dropOverlaps, replaceFindings } from "./findings.js";
import { isCardNumber, isIban, isIpv6, isPersonalIpv4, isSsn } from "./pii-checks.js";
import { findPhones, followsIdWord } from "./pii-phone.js";
import { resolveTarget } from "./target.js";
import type { Finding, GuardImpl } from "./types.js";

export type { PiiKind };
/** A piece of personal data found in a text. */
export type PiiFinding = Finding<PiiKind>;

// Every quantifier is bounded or runs over a class its neighbours cannot match, so no input
// backtracks more than a constant per position.
const EMAIL =
  /(?<![\w.%+-])[\w.%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;
const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?!\w|[ -]\d)/g;
const IBAN =
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])/g;
const SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-]|\.\d)/g;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:]|\.\d)/g;

/** "icon@2x.png" and "git@github.com:org/repo" look like emails but are file and repo names. */
const FILE_TLD = /^(?:png|jpe?g|gif|svg|webp|ico|bmp|tiff?)$/i;
/** Dotted quads after these words are versions or section numbers. */
const VERSION_CONTEXT =
  /\b(?:version|ver\.?|v|release|build|firmware|update|patch|rev(?:ision)?|section|chapter|clause|figure|fig\.?|table|step|paragraph|item|rule|article|oid)\s*:?\s*$/i;

function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const tld = domain.slice(domain.lastIndexOf("."));
  return `${local[0]}***@${domain[0]}***${tld}`;
}

const stars = (n: number) => "*".repeat(Math.max(0, n));

type Detector = (text: string) => PiiFinding[];

function scan(
  re: RegExp,
  kind: PiiKind,
  keep: (m: RegExpExecArray, text: string) => boolean,
  mask: (value: string) => string,
): Detector {
  return (text) => {
    const found: PiiFinding[] = [];
    for (const m of execAll(re, text)) {
      if (!keep(m, text)) continue;
      found.push({
        kind,
        start: m.index,
        end: m.index + m[0].length,
        value: m[0],
        masked: mask(m[0]),
      });
    }
    return found;
  };
}

const detectors: Record<PiiKind, Detector> = {
  email: scan(
    EMAIL,
    "email",
    (m, text) =>
      !FILE_TLD.test(m[0].slice(m[0].lastIndexOf(".") + 1)) &&
      !/^:\S/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)),
    maskEmail,
  ),
  phone: findPhones,
  credit_card: scan(
    CARD,
    "credit_card",
    (m) =>
      m[0].split(/[ -]/).every((g, _i, all) => all.length === 1 || g.length >= 3) &&
      isCardNumber(m[0].replace(/\D/g, "")),
    (v) => {
      const digits = v.replace(/\D/g, "");
      return stars(digits.length - 4) + digits.slice(-4);
    },
  ),
  iban: scan(
    IBAN,
    "iban",
    (m) => isIban(m[0].replace(/ /g, "")),
    (v) => {
      const compact = v.replace(/ /g, "");
      return compact.slice(0, 4) + stars(compact.length - 8) + compact.slice(-4);
    },
  ),
  ssn: scan(
    SSN,
    "ssn",
    (m, text) => isSsn(m[1]!, m[2]!, m[3]!) && !followsIdWord(text, m.index),
    (v) => `***-**-${v.slice(-4)}`,
  ),
  ipv4: scan(
    IPV4,
    "ipv4",
    (m, text) =>
      isPersonalIpv4(m[0]) && !VERSION_CONTEXT.test(text.slice(Math.max(0, m.index - 30), m.index)),
    (v) => `${v.slice(0, v.indexOf("."))}.*.*.*`,
  ),
  ipv6: scan(
    IPV6,
    "ipv6",
    (m) => isIpv6(m[0]),
    (v) => `${v.slice(0, v.indexOf(":"))}:****`,
  ),
};

/** Personal data in a text, in order, without overlaps. */
export function findPii(text: string, kinds: readonly PiiKind[] = piiKinds): PiiFinding[] {
  return dropOverlaps(kinds.flatMap((k) => detectors[k](text)));
}

const LABELS: Record<PiiKind, string> = {
  email: "[EMAIL]",
  phone: "[PHONE]",
  credit_card: "[CARD]",
  iban: "[IBAN]",
  ssn: "[SSN]",
  ipv4: "[IP]",
  ipv6: "[IP]",
};

/** The text with each piece of personal data replaced by a label such as [EMAIL] or [CARD]. */
export function maskPii(text: string, kinds: readonly PiiKind[] = piiKinds): string {
  return replaceFindings(text, findPii(text, kinds), (k) => LABELS[k]);
}

/** 1 when the target holds no personal data of the configured kinds, 0 otherwise. */
export const pii: GuardImpl<typeof piiScorerSchema> = {
  score(c, ctx) {
    const target = resolveTarget(c.target, ctx);
    if ("error" in target) return target.error;
    const found = findPii(target.text, c.kinds);
    return found.length === 0
      ? { value: 1, reason: "no PII found" }
      : { value: 0, reason: `found PII: ${describeFindings(found)}` };
  },
};
