import { createRequire } from "node:module";
import type { RE2JS as RE2 } from "re2js";

let engine: typeof RE2 | undefined;
/**
 * RE2 loads on the first user pattern (its CommonJS build, synchronously, for schema checks):
 * most runs have none, and it is a quarter of a megabyte to compile at every start.
 */
function re2(): typeof RE2 {
  engine ??= (createRequire(import.meta.url)("re2js") as { RE2JS: typeof RE2 }).RE2JS;
  return engine;
}

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

function flagBit(flag: string): number | undefined {
  const r = re2();
  const bits: Record<string, number> = {
    i: r.CASE_INSENSITIVE,
    m: r.MULTILINE,
    s: r.DOTALL,
    u: 0, // RE2 always matches by code point
  };
  return bits[flag];
}

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
    const bit = flagBit(f);
    if (bit === undefined) throw new UnsupportedPatternError(`unsupported flag "${f}"`);
    bits |= bit;
  }
  let re: RE2;
  try {
    re = re2().compile(toRe2Syntax(source), bits);
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
