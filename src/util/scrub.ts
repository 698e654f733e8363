/** Key-shaped tokens (OpenAI, Anthropic, GitHub, AWS, bearer tokens) in error text. */
const KEY_SHAPES =
  /\b(?:sk-[A-Za-z0-9_-]{6,}|gh[pousr]_[A-Za-z0-9]{10,}|github_pat_[A-Za-z0-9_]{10,}|AKIA[A-Z0-9]{12,}|xox[baprs]-[A-Za-z0-9-]{8,})|(?<=Bearer )[A-Za-z0-9._~+/=-]{12,}/g;

/** What every match of KEY_SHAPES contains. */
const KEY_HINT = /sk-|gh[pousr]_|github_pat_|AKIA|xox[baprs]-|Bearer /;

/**
 * Remove secrets from text that is about to be stored or printed: every known secret (the API
 * keys in use) wherever it appears, and anything shaped like a key.
 */
export function scrubSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const s of known)
    if (s && s.length >= 8 && out.includes(s)) out = out.split(s).join("[REDACTED]");
  // Every stored string passes here: the full pattern (its lookbehind is tried at every
  // position) runs only on text that holds one of the shapes' literal beginnings.
  if (!KEY_HINT.test(out)) return out;
  return out.replace(KEY_SHAPES, (m) => `${m.slice(0, 3)}…[REDACTED]`);
}
