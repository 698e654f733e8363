import type { secretsScorerSchema } from "../../config/schema/scorer-guard.js";
import { execAll } from "../../util/regex.js";
import { isRandomToken, TOKEN } from "./entropy.js";
import { describeFindings, dropOverlaps, replaceFindings } from "./findings.js";
import { PEM_BEGIN, PUBLIC_BLOCK, SECRET_RULES } from "./secret-rules.js";
import { resolveTarget } from "./target.js";
import type { Finding, GuardImpl } from "./types.js";

/** A secret found in a text; `kind` names the provider or format (openai_key, jwt, ...). */
export type SecretFinding = Finding<string>;

/** Show a few leading characters, fewer for short secrets: sk-pr…(redacted). */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, Math.min(5, Math.floor(secret.length / 4)))}…(redacted)`;
}

function finding(kind: string, text: string, start: number, end: number): SecretFinding {
  const value = text.slice(start, end);
  return { kind, start, end, value, masked: maskSecret(value) };
}

function findPemKeys(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const re = new RegExp(PEM_BEGIN);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const endLine = text.indexOf("-----END", m.index + m[0].length);
    const close = endLine < 0 ? -1 : text.indexOf("-----", endLine + 8);
    // A truncated block still leaks the key material it shows.
    const end = close < 0 ? text.length : close + 5;
    found.push({
      kind: "private_key",
      start: m.index,
      end,
      value: text.slice(m.index, end),
      masked: `${m[0]} …(redacted)`,
    });
    re.lastIndex = end;
  }
  return found;
}

interface Span {
  start: number;
  end: number;
}

/** Armoured public blocks: certificates and public keys. */
function findPublicBlocks(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of execAll(PUBLIC_BLOCK, text)) {
    const close = text.indexOf("-----END", m.index + m[0].length);
    spans.push({ start: m.index, end: close < 0 ? text.length : close });
  }
  return spans;
}

/** Provider-format secrets, and the spans of look-alikes a rule rejected. */
function findKnownSecrets(text: string): { found: SecretFinding[]; vetoed: Span[] } {
  const found = findPemKeys(text);
  const vetoed = findPublicBlocks(text);
  for (const rule of SECRET_RULES) {
    for (const m of execAll(rule.re, text)) {
      const secret = m[1] ?? m[0];
      const start = m.index + (m[1] === undefined ? 0 : m[0].lastIndexOf(secret));
      if (rule.accept && !rule.accept(secret)) vetoed.push({ start, end: start + secret.length });
      else found.push(finding(rule.kind, text, start, start + secret.length));
    }
  }
  return { found, vetoed };
}

/** Unlabelled random-looking tokens outside the spans already decided. */
function findRandomTokens(text: string, decided: readonly Span[]): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of execAll(TOKEN, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (decided.some((k) => k.start < end && start < k.end)) continue;
    if (isRandomToken(m[0], text.slice(Math.max(0, start - 24), start))) {
      found.push(finding("high_entropy_token", text, start, end));
    }
  }
  return found;
}

/** API keys, tokens, private keys and credentials in a text, in order, without overlaps. */
export function findSecrets(text: string, options: { generic?: boolean } = {}): SecretFinding[] {
  const { found, vetoed } = findKnownSecrets(text);
  const generic = options.generic === false ? [] : findRandomTokens(text, [...found, ...vetoed]);
  return dropOverlaps([...found, ...generic]);
}

/** The text with each secret replaced by [SECRET]. */
export function maskSecrets(text: string, options: { generic?: boolean } = {}): string {
  return replaceFindings(text, findSecrets(text, options), () => "[SECRET]");
}

/** 1 when the target holds no secret, 0 otherwise. */
export const secrets: GuardImpl<typeof secretsScorerSchema> = {
  score(c, ctx) {
    const target = resolveTarget(c.target, ctx);
    if ("error" in target) return target.error;
    const found = findSecrets(target.text, { generic: c.generic ?? true });
    return found.length === 0
      ? { value: 1, reason: "no secrets found" }
      : { value: 0, reason: `found secrets: ${describeFindings(found)}` };
  },
};
