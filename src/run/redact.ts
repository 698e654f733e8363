import { maskPii } from "../scorer/guard/pii.js";
import { maskSecrets } from "../scorer/guard/secrets.js";
import { scrubSecrets } from "../util/scrub.js";

/** Returns a copy of a value with secrets (and, with --redact, PII) masked in every string. */
export type Redactor = <T>(value: T) => T;

/**
 * What is stored in a run folder passes through here. API keys in use are always removed; with
 * --redact, PII and secrets in every stored string are masked too ([EMAIL], [CARD], ...).
 */
export function makeRedactor(opts: { redact: boolean; knownSecrets: string[] }): Redactor {
  const known = opts.knownSecrets.filter((s) => s.length >= 8);
  const text = (s: string) => {
    const scrubbed = known.length ? scrubSecrets(s, known) : s;
    return opts.redact ? maskPii(maskSecrets(scrubbed)) : scrubbed;
  };
  if (!opts.redact && known.length === 0) return <T>(v: T) => v;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return <T>(value: T) => walk(value) as T;
}

/** The API keys of the configured providers, from the environment: never to be stored. */
export function keysInUse(env: NodeJS.ProcessEnv, envNames: string[]): string[] {
  return [...new Set(envNames.map((n) => env[n]).filter((k): k is string => Boolean(k)))];
}
