import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty } from "./annotations.js";
import { escapeInline, escapePre, stripControl } from "./escape.js";

// Issue 11, item 11: terminal escapes in model outputs are removed whole, in their 7-bit and
// 8-bit (C1) forms, from every report; workflow-command text is escaped per GitHub's rules.
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe("stripControl removes escape sequences whole", () => {
  it.each([
    ["clear screen", "a\u001b[2J\u001b[Hb", "ab"],
    ["OSC 52 clipboard write (BEL)", "a\u001b]52;c;c3Vkbw==\u0007b", "ab"],
    ["OSC 8 link (ST)", "\u001b]8;;https://evil/\u001b\\click\u001b]8;;\u001b\\", "click"],
    ["8-bit CSI", "a\u009b2Jb", "ab"],
    ["8-bit OSC", "a\u009d52;c;eA==\u009cb", "ab"],
    ["an unterminated OSC eats the rest", "a\u001b]52;c;eA==", "a"],
    ["NUL, backspace, DEL", "a\u0000\u0008\u007fb", "ab"],
    ["a carriage return cannot overwrite a line", "safe\rEVIL", "safe\nEVIL"],
    ["keeps tabs, newlines and text", "a\tb\nc é 😀", "a\tb\nc é 😀"],
  ])("%s", (_l, input, want) => {
    expect(stripControl(input)).toBe(want);
  });

  it.each([
    ["escapePre", escapePre],
    ["escapeInline", escapeInline],
  ])("%s leaves no raw control character", (_l, esc) => {
    const out = esc("x\u009b31m\u009d8;;u\u009cy\u001b]52;c;eA==\u0007z");
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).toContain("x");
    expect(out).toContain("z");
  });
});

describe("workflow command escaping", () => {
  it("escapes %, CR and LF in data; also : and , in properties", () => {
    expect(escapeData("50%\r\n::error::x")).toBe("50%25%0A::error::x");
    expect(escapeProperty("a:b,c%\nd")).toBe("a%3Ab%2Cc%25%0Ad");
  });

  it("strips escape sequences from annotation text", () => {
    expect(escapeData("\u001b]8;;https://evil/\u0007link\u001b[31m")).toBe("link");
  });
});
