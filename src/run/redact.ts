import { maskPii } from "../scorer/guard/pii.js";
import { maskSecrets } from "../scorer/guard/secrets.js";
import { scrubSecrets } from "../util/scrub.js";

/**
 * The value with secrets (and, with --redact, PII) masked in every string: the parts that changed
 * are copies, the value itself is returned when nothing needed masking. Never mutates it.
 */
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
  // Copy on write: a record with nothing to mask (almost every one) is returned as it is, so a
  // run does not copy every result and call it stores.
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const w = walk(v[i]);
        if (w === v[i]) continue;
        out ??= v.slice();
        out[i] = w;
      }
      return out ?? v;
    }
    if (v && typeof v === "object") {
      let out: Record<string, unknown> | undefined;
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        const x = (v as Record<string, unknown>)[k];
        const w = walk(x);
        if (w === x) continue;
        out ??= { ...v };
        out[k] = w;
      }
      return out ?? v;
    }
    return v;
  };
  return <T>(value: T) => walk(value) as T;
}

/** The API keys of the configured providers, from the environment: never to be stored. */
export function keysInUse(env: NodeJS.ProcessEnv, envNames: string[]): string[] {
  return [...new Set(envNames.map((n) => env[n]).filter((k): k is string => Boolean(k)))];
}
