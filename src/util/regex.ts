/**
 * Every match of a global regex in a text, like `text.matchAll(re)` but without its cost:
 * matchAll clones the regex on every call, which dominated the guardrails on short texts (a
 * million monitor records run each guardrail a million times). The regex's lastIndex is reset
 * first and used as the cursor, so the same regex must not be iterated twice at once.
 */
export function* execAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "") re.lastIndex++;
    yield m;
  }
}

/** Every character that means something in a regex, backslashed: the text matches literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
