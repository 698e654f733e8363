import { describe, expect, it } from "vitest";
import { validateText } from "../../config/read-validated.js";
import type { ScorerConfig } from "../../config/schema/scorers.js";
import { suiteFileSchema } from "../../config/schema/suite.js";
import { globToRegExp } from "../../suite/discover.js";
import { scoreContext } from "../../test-support/score-context.js";
import { applyScorer } from "../apply.js";
import { scorerRegistry } from "../registry.js";

const score = (config: ScorerConfig, output: string) =>
  applyScorer(scorerRegistry, config, scoreContext(output));

/** Milliseconds `fn` takes; a backtracking engine needs seconds on these inputs, RE2 none. */
async function timed(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

// 25 a's then a mismatch: a backtracking engine explores 2^25 ways to split them (seconds);
// 30 a's took minutes and held the process past Ctrl-C.
const HOSTILE = `${"a".repeat(25)}!`;

describe("user patterns run in linear time (issue 11, item 9)", () => {
  it("a regex scorer (a+)+$ on 25 a's answers at once", async () => {
    let s: Awaited<ReturnType<typeof score>> | undefined;
    const ms = await timed(async () => {
      s = await score({ type: "regex", pattern: "(a+)+$" }, HOSTILE);
    });
    expect(s?.value).toBe(0);
    expect(ms).toBeLessThan(250);
  });

  it("json-field matches: the same pattern answers at once", async () => {
    const output = JSON.stringify({ name: HOSTILE });
    let s: Awaited<ReturnType<typeof score>> | undefined;
    const ms = await timed(async () => {
      s = await score({ type: "json-field", path: "name", matches: "^(a+)+$" }, output);
    });
    expect(s?.value).toBe(0);
    expect(ms).toBeLessThan(250);
  });

  it("banned patterns: the same pattern answers at once", async () => {
    let s: Awaited<ReturnType<typeof score>> | undefined;
    const ms = await timed(async () => {
      s = await score({ type: "banned", patterns: ["(a*)*b"] }, HOSTILE);
    });
    expect(s?.value).toBe(1);
    expect(ms).toBeLessThan(250);
  });

  it("a --filter glob of many stars answers at once", async () => {
    const glob = globToRegExp("*a*a*a*a*a*a*a*a*b");
    const ms = await timed(() => glob.test("a".repeat(40)));
    expect(ms).toBeLessThan(250);
    expect(glob.test("xaaaaaaaab")).toBe(true);
  });

  it.each([
    ["\\u escapes", "caf\\u00e9", "i", "CAFÉ", 1],
    ["\\u{} escapes", "\\u{1F600}", "u", "hi 😀", 1],
    ["an escaped backslash before u stays literal", "\\\\u0041", "", "\\u0041", 1],
    ["named groups", "(?<code>ORD-\\d+)", "", "see ORD-12", 1],
    ["\\b and classes", "\\bbug\\b", "i", "a Bug.", 1],
  ])("JavaScript syntax users write still works: %s", async (_l, pattern, flags, output, value) => {
    expect((await score({ type: "regex", pattern, flags }, output)).value).toBe(value);
  });
});

const suite = (scorers: string) =>
  `description: d\nprompt: p.prompt.yml\ncases:\n  - id: a\n    vars: { q: x }\nscorers:\n${scorers}`;

describe("a pattern the engine refuses is a located validation error with a hint", () => {
  it.each([
    ["a backreference", '  - { type: regex, pattern: "(\\\\w)\\\\1" }\n', 7, 29, "\\1"],
    ["a lookahead", '  - type: json-field\n    path: a\n    matches: "a(?=b)"\n', 9, 14, "(?="],
    ["a lookbehind", "  - type: banned\n    patterns: [ok, '(?<!x)a']\n", 8, 20, "(?<!x)a"],
  ])("%s", (_l, scorers, line, col, shown) => {
    const v = validateText(suite(scorers), "s.eval.yml", suiteFileSchema);
    expect(v.problems).toHaveLength(1);
    const p = v.problems[0]!;
    expect(p).toMatchObject({ file: "s.eval.yml", line, col });
    expect(p.message).toContain("pattern not supported");
    expect(p.message).toContain(shown);
    expect(p.hint).toMatch(/backreferences.*lookaround/);
  });
});
