/** Shannon entropy of a string's characters, in bits per character. */
export function measureEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Bits per character above which a 32+ character mixed token reads as random. */
export const ENTROPY_THRESHOLD = 4.0;

/** Candidate tokens: base64/base64url runs, pinned at their start so each is scanned once. */
export const TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}/g;

/** Contexts whose random-looking tokens are hashes or data, not secrets. */
const NOT_SECRET_BEFORE =
  /(?:sha(?:1|224|256|384|512)[-:]|base64,|(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+)\s+)$/i;

/**
 * A token that reads as a random secret: 32-200 characters mixing lower case, upper case and
 * digits, not hex (git SHAs, UUIDs, digests), not a path, not mostly words, and of high entropy.
 */
export function isRandomToken(token: string, before: string): boolean {
  if (/^sha(?:1|224|256|384|512)-/i.test(token) || /example/i.test(token)) return false;
  const body = token.replace(/=+$/, "");
  if (body.length < 32 || body.length > 200) return false;
  if (!/[a-z]/.test(body) || !/[A-Z]/.test(body) || !/\d/.test(body)) return false;
  if (/^[0-9a-fA-F_-]+$/.test(body) || NOT_SECRET_BEFORE.test(before)) return false;
  if (body.startsWith("/") || body.includes("//") || (body.match(/\//g)?.length ?? 0) >= 3)
    return false;
  const wordy = (body.match(/[A-Z]?[a-z]{3,}/g) ?? []).reduce((n, w) => n + w.length, 0);
  if (wordy / body.length >= 0.5) return false;
  return measureEntropy(body) >= ENTROPY_THRESHOLD;
}
