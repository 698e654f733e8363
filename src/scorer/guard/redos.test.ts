import { describe, expect, it } from "vitest";
import { findBanned } from "./banned.js";
import { bannedConfig } from "./corpus/banned.js";
import { makeContext } from "./corpus/measure.js";
import { findPii } from "./pii.js";
import { assessInjection } from "./prompt-injection.js";
import { findSecrets } from "./secrets.js";
import { measureLeak } from "./system-prompt-leak.js";

const N = 50_000;
const fill = (unit: string, prefix = "", suffix = "") =>
  prefix + unit.repeat(Math.ceil(N / unit.length)).slice(0, N) + suffix;

/** Near-misses repeated to 50,000 characters: each would backtrack badly in a naive pattern. */
const ADVERSARIAL: Record<string, string> = {
  "a@a@": fill("a@"),
  "a.a.a": fill("a.", "", "@"),
  "local parts": fill("abc.def+", "", "@x"),
  "domain labels": fill("a-", "x@"),
  "1-1-1": fill("1-"),
  "1 1 1": fill("1 "),
  "+1 (": fill("+1 ("),
  "((((": fill("(1"),
  digits: fill("1"),
  "1.1.1.1.": fill("1."),
  "hex colons": fill("a:"),
  "::::": fill(":"),
  "GB82 ": fill("GB82 "),
  AB12: fill("AB12"),
  "123-45-": fill("123-45-"),
  "ignore ": fill("ignore "),
  "ignore all previous ": fill("ignore all previous "),
  "repeat the ": fill("repeat the "),
  "pretend ": fill("pretend you "),
  "send the ": fill("send the conversation "),
  "sk-aaaa": `sk-${"a".repeat(N)}`,
  "sk-proj-": fill("sk-proj-"),
  "base64 run": fill("QUJD"),
  "base64 words": fill("SWdub3Jl "),
  "hex run": fill("6a"),
  "\\x escapes": fill("\\x6"),
  "eyJ.": fill("eyJabcdefgh."),
  "BEGIN PRIVATE KEY": fill("-----BEGIN RSA PRIVATE KEY-----\n"),
  "BEGIN ": fill("-----BEGIN A "),
  "<!--": fill("<!--"),
  "<a ": fill("<a style=display:none "),
  "[//]: #": fill("[//]: # ("),
  "![](": fill("![a](https://x.io/?"),
  "https://": fill("https://a?"),
  "url params": fill("?aaaaaaaaaaaaaaaaaaaaaaaaa", "https://x.io/"),
  "x@a.a.a": fill("x@a.a.a.a.a.a.a.a.a.a.a "),
  "ignore all all": fill("all ", "ignore "),
  "ignore the above": fill("ignore the above above "),
  "scheme://user:": fill("a://b:"),
  "password=": fill("password="),
  "Bearer ": fill("Bearer "),
  "zero-width": fill("a\u200b"),
  bidi: fill("\u202Ea"),
  tags: fill("\u{E0041}"),
  "variation selectors": fill("a\uFE0F"),
  "mixed token": fill("aB3+"),
  words: fill("lorem ipsum dolor sit amet "),
};

// A catastrophic (super-linear) pattern takes seconds to minutes on these 50,000-character inputs; a linear
// one takes tens of milliseconds. The bound sits far above linear so a busy CI machine (other
// test workers, other jobs) cannot fail it, and far below what backtracking costs.
const BOUND_MS = 2000;

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe.each(Object.entries(ADVERSARIAL))("adversarial input %s", (_name, text) => {
  it(`pii finishes under ${BOUND_MS} ms`, () =>
    expect(timed(() => findPii(text))).toBeLessThan(BOUND_MS));
  it(`secrets finishes under ${BOUND_MS} ms`, () =>
    expect(timed(() => findSecrets(text))).toBeLessThan(BOUND_MS));
  it(`prompt-injection finishes under ${BOUND_MS} ms`, () =>
    expect(timed(() => assessInjection(text))).toBeLessThan(BOUND_MS));
  it(`system-prompt-leak finishes under ${BOUND_MS} ms`, () =>
    expect(timed(() => measureLeak(text, text))).toBeLessThan(BOUND_MS));
  it(`banned finishes under ${BOUND_MS} ms`, () =>
    expect(timed(() => findBanned(text, bannedConfig.words, bannedConfig.patterns))).toBeLessThan(
      BOUND_MS,
    ));
});

it("the context helper is usable by every scorer", () => {
  expect(makeContext("x").output).toBe("x");
});
