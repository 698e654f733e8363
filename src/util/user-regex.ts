import { RE2JS } from "re2js";

/**
 * Patterns that users write (regex scorers, json-field `matches`, banned patterns, --filter
 * globs) run on a linear-time engine (RE2): no input, however hostile, can make a pattern
 * backtrack for minutes and hold the process past a Ctrl-C. The price is RE2's syntax: no
 * backreferences and no lookaround.
 */
export interface UserPattern {
  /** The first match in `text`, or null. */
  exec(text: string): { index: number; match: string } | null;
  test(text: string): boolean;
}

/** Why RE2 refuses a pattern, and what to write instead. */
export class UnsupportedPatternError extends Error {
  readonly hint =
    "patterns run on a linear-time engine (RE2 syntax): backreferences (\\1) and lookaround ((?=, (?!, (?<=, (?<!) are not supported; match without them, or split the check into two scorers";
}

const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0, // RE2 always matches by code point
};

/** JavaScript's \uXXXX and \u{X} escapes in RE2's spelling; an escaped backslash stays as it is. */
function toRe2Syntax(source: string): string {
  return source.replace(/\\(\\|u\{([0-9A-Fa-f]+)\}|u([0-9A-Fa-f]{4}))/g, (all, _e, braced, four) =>
    braced || four ? `\\x{${braced ?? four}}` : all,
  );
}

/** Compile a user's pattern; throws UnsupportedPatternError with RE2's reason when it cannot. */
export function compileUserPattern(source: string, flags = ""): UserPattern {
  let bits = 0;
  for (const f of flags) {
    if (!(f in FLAGS)) throw new UnsupportedPatternError(`unsupported flag "${f}"`);
    bits |= FLAGS[f]!;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Syntax(source), bits);
  } catch (err) {
    throw new UnsupportedPatternError(reasonOf(err));
  }
  return {
    exec(text) {
      const m = re.matcher(text);
      return m.find() ? { index: m.start(), match: m.group() ?? "" } : null;
    },
    test: (text) => re.matcher(text).find(),
  };
}

function reasonOf(err: unknown): string {
  const message = (err as Error).message ?? String(err);
  return message.replace(/^error parsing regexp: /, "");
}

/** The reason a pattern cannot run, or undefined when it can (for validation). */
export function patternProblem(source: string, flags = ""): string | undefined {
  try {
    compileUserPattern(source, flags);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The hint for any pattern `patternProblem` refused. */
export const PATTERN_HINT = new UnsupportedPatternError("").hint;
