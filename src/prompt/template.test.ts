import { describe, expect, it } from "vitest";
import { MissingVariableError, renderTemplate, templateVariables } from "./template.js";

describe("renderTemplate", () => {
  it.each([
    ["plain text", "hello", {}, "hello"],
    ["one variable", "hi {{name}}", { name: "Ada" }, "hi Ada"],
    ["spaces inside braces", "hi {{  name  }}!", { name: "Ada" }, "hi Ada!"],
    ["nested path", "{{user.name}} ({{user.id}})", { user: { name: "Ada", id: 7 } }, "Ada (7)"],
    ["key with a dot wins over nesting", "{{a.b}}", { "a.b": "flat", a: { b: "nested" } }, "flat"],
    ["number as JSON", "n={{n}}", { n: 3.5 }, "n=3.5"],
    ["boolean as JSON", "{{ok}}", { ok: false }, "false"],
    ["null is defined", "{{x}}", { x: null }, "null"],
    ["object as JSON", "{{o}}", { o: { a: [1, 2] } }, '{"a":[1,2]}'],
    ["array as JSON", "{{xs}}", { xs: ["a", "b"] }, '["a","b"]'],
    ["value with braces is not rendered again", "{{q}}", { q: "{{secret}}" }, "{{secret}}"],
    ["value with $& is literal", "{{q}}", { q: "cost $& more" }, "cost $& more"],
    ["repeated variable", "{{a}}-{{a}}", { a: "x" }, "x-x"],
    ["not a variable: single braces", "{a} {{ }}", {}, "{a} {{ }}"],
    ["hyphenated name", "{{first-name}}", { "first-name": "Ada" }, "Ada"],
    ["multi-line", "a\n{{b}}\nc", { b: "B" }, "a\nB\nc"],
  ])("%s", (_label, template, vars, expected) => {
    expect(renderTemplate(template, vars)).toBe(expected);
  });

  it.each([
    ["missing variable", "hi {{name}}", {}, ["name"]],
    ["missing nested", "{{user.email}}", { user: { name: "Ada" } }, ["user.email"]],
    ["path through a string", "{{s.length}}", { s: "abc" }, ["s.length"]],
    ["several missing, each named once", "{{a}} {{b}} {{a}}", {}, ["a", "b"]],
    ["undefined is missing", "{{x}}", { x: undefined }, ["x"]],
  ])("throws for %s", (_label, template, vars, names) => {
    try {
      renderTemplate(template, vars as Record<string, unknown>);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MissingVariableError);
      expect((err as MissingVariableError).variables).toEqual(names);
      expect((err as Error).message).toContain(`{{${names[0]}}}`);
    }
  });

  it("lists variables in order of first use", () => {
    expect(templateVariables("{{b}} {{ a.c }} {{b}} {{ }}")).toEqual(["b", "a.c"]);
  });
});
