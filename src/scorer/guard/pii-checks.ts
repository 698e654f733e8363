/** Checksums and range rules that tell real identifiers from look-alike numbers. */

/** The Luhn checksum every payment card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes and lengths: a Luhn-valid number outside them is an id, not a card. */
const CARD_RANGES: readonly [
  lo: number,
  hi: number,
  prefixLen: number,
  minLen: number,
  maxLen: number,
][] = [
  [4, 4, 1, 13, 19], // Visa (13, 16, 19; checked below)
  [51, 55, 2, 16, 16], // Mastercard
  [2221, 2720, 4, 16, 16], // Mastercard 2-series
  [34, 34, 2, 15, 15], // American Express
  [37, 37, 2, 15, 15],
  [6011, 6011, 4, 16, 19], // Discover
  [644, 649, 3, 16, 19],
  [65, 65, 2, 16, 19],
  [300, 305, 3, 14, 19], // Diners Club
  [36, 36, 2, 14, 19],
  [38, 39, 2, 16, 19],
  [3528, 3589, 4, 16, 19], // JCB
  [62, 62, 2, 16, 19], // UnionPay
  [2200, 2204, 4, 16, 19], // Mir
  [50, 50, 2, 13, 19], // Maestro
  [56, 58, 2, 13, 19],
];

/** A plausible payment card number: known issuer prefix, its length, and the Luhn checksum. */
export function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  if (digits[0] === "4" && ![13, 16, 19].includes(digits.length)) return false;
  const issuer = CARD_RANGES.some(([lo, hi, len, min, max]) => {
    const prefix = Number(digits.slice(0, len));
    return prefix >= lo && prefix <= hi && digits.length >= min && digits.length <= max;
  });
  return issuer && passesLuhn(digits);
}

/** IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** A valid IBAN: registered country, its length, and the ISO 7064 mod-97 check digits. */
export function isIban(compact: string): boolean {
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const n = code >= 65 ? code - 55 : code - 48;
    rest = (n > 9 ? rest * 100 + n : rest * 10 + n) % 97;
  }
  return rest === 1;
}

/** A US SSN outside the ranges the SSA never issues (000, 666, 9xx areas; 00 group; 0000 serial). */
export function isSsn(area: string, group: string, serial: string): boolean {
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

/** Addresses that identify no one: unspecified, loopback, broadcast, netmasks, public resolvers. */
const IMPERSONAL_IPV4 = new Set(["0.0.0.0", "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9"]);

/** Dotted-quad with octets 0-255 and no leading zeros, excluding impersonal addresses. */
export function isPersonalIpv4(candidate: string): boolean {
  const octets = candidate.split(".");
  if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o[0] === "0"))) return false;
  const first = octets[0]!;
  return !IMPERSONAL_IPV4.has(candidate) && first !== "127" && first !== "255" && first !== "0";
}

/** Full or `::`-compressed IPv6, with enough groups that `a::b` in code does not count. */
export function isIpv6(candidate: string): boolean {
  const halves = candidate.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  if (groups.some((g) => g.length < 1 || g.length > 4)) return false;
  if (halves.length === 1) return groups.length === 8;
  if (groups.length > 7) return false;
  // Compressed: three groups, or a four-digit first group with a digit (fe80::1, 2001::5).
  return groups.length >= 3 || (groups.length === 2 && /^(?=.*\d)[\da-f]{4}$/i.test(groups[0]!));
}
