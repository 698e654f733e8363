import { describe, expect, it } from "vitest";
import type { ScorerConfig } from "../../config/schema/scorers.js";
import type { Case } from "../../dataset/types.js";
import { scoreContext } from "../../test-support/score-context.js";
import { applyScorer } from "../apply.js";
import { scorerRegistry } from "../registry.js";
import type { ScoreContext } from "../types.js";

const ctxFor = (output: string, c: Partial<Case> = {}): ScoreContext =>
  scoreContext(output, { case: c });

const score = (config: ScorerConfig, output: string, c?: Partial<Case>) =>
  applyScorer(scorerRegistry, config, ctxFor(output, c));

describe("equals", () => {
  it.each([
    ["identical text", { type: "equals", value: "Paris" }, "Paris", {}, 1],
    ["trims by default", { type: "equals", value: "Paris" }, "  Paris\n", {}, 1],
    ["trims the value too", { type: "equals", value: " Paris " }, "Paris", {}, 1],
    [
      "trim: false keeps white space",
      { type: "equals", value: "Paris", trim: false },
      "Paris\n",
      {},
      0,
    ],
    ["trim: false, exact", { type: "equals", value: "Paris", trim: false }, "Paris", {}, 1],
    ["case-sensitive by default", { type: "equals", value: "Paris" }, "paris", {}, 0],
    ["ignoreCase", { type: "equals", value: "Paris", ignoreCase: true }, "PARIS", {}, 1],
    ["value defaults to expected", { type: "equals" }, "42 km", { expected: "42 km" }, 1],
    ["expected differs", { type: "equals" }, "41 km", { expected: "42 km" }, 0],
    ["number expected as JSON", { type: "equals" }, "42", { expected: 42 }, 1],
    ["boolean expected as JSON", { type: "equals" }, "false", { expected: false }, 1],
    ["object expected as compact JSON", { type: "equals" }, '{"a":1}', { expected: { a: 1 } }, 1],
    ["list expected as JSON", { type: "equals" }, '["a","b"]', { expected: ["a", "b"] }, 1],
    [
      "{{expected}} template",
      { type: "equals", value: "{{expected}}" },
      "yes",
      { expected: "yes" },
      1,
    ],
    [
      "{{vars.x}} template",
      { type: "equals", value: "{{vars.city}}" },
      "Oslo",
      { vars: { city: "Oslo" } },
      1,
    ],
    [
      "{{x}} template",
      { type: "equals", value: "in {{city}}" },
      "in Oslo",
      { vars: { city: "Oslo" } },
      1,
    ],
    ["lone {{x}} of a number", { type: "equals", value: "{{n}}" }, "7", { vars: { n: 7 } }, 1],
    [
      "expected is not rendered as a template",
      { type: "equals" },
      "{{name}}",
      { expected: "{{name}}" },
      1,
    ],
    ["empty output against text", { type: "equals", value: "x" }, "", {}, 0],
  ] as [string, ScorerConfig, string, Partial<Case>, number][])(
    "%s",
    async (_l, config, output, c, value) => {
      const s = await score(config, output, c);
      expect(s.value).toBe(value);
      expect(s.pass).toBe(value === 1);
      expect(s.threshold).toBe(1);
      expect(s.error).toBeUndefined();
    },
  );

  it("says what it expected and what it got", async () => {
    expect((await score({ type: "equals", value: "Paris" }, "Lyon")).reason).toBe(
      'expected "Paris", got "Lyon"',
    );
    expect((await score({ type: "equals", value: "Paris" }, "Paris")).reason).toBe("equal");
  });

  it("without value or expected, fails with an error", async () => {
    const s = await score({ type: "equals" }, "anything");
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.error).toBeDefined();
  });

  it("clips a long output in the reason", async () => {
    const s = await score({ type: "equals", value: "short" }, "x".repeat(500));
    expect(s.reason.length).toBeLessThan(120);
    expect(s.reason).toContain("...");
  });
});

describe("contains and icontains", () => {
  it.each([
    ["substring", { type: "contains", value: "settings" }, "Open Project settings.", 1],
    [
      "case-sensitive by default",
      { type: "contains", value: "Settings" },
      "Open Project settings.",
      0,
    ],
    ["ignoreCase", { type: "contains", value: "SETTINGS", ignoreCase: true }, "Open settings.", 1],
    ["absent", { type: "contains", value: "export" }, "Open settings.", 0],
    ["number value as text", { type: "contains", value: 30 }, "within 30 days", 1],
    ["boolean value as text", { type: "contains", value: true }, "ok: true", 1],
    [
      "icontains ignores case",
      { type: "icontains", value: "PROJECT" },
      "Open project settings.",
      1,
    ],
    ["icontains absent", { type: "icontains", value: "export" }, "Open settings.", 0],
    ["empty needle is always contained", { type: "contains", value: "" }, "anything", 1],
  ] as [string, ScorerConfig, string, number][])("%s", async (_l, config, output, value) => {
    expect((await score(config, output)).value).toBe(value);
  });

  it("renders templates in the value", async () => {
    const c = { vars: { product: "Acme Pro" }, expected: "30 days" };
    expect(
      (await score({ type: "contains", value: "{{product}}" }, "Acme Pro ships", c)).value,
    ).toBe(1);
    expect(
      (await score({ type: "contains", value: "{{vars.product}}" }, "Acme ships", c)).value,
    ).toBe(0);
    expect(
      (await score({ type: "icontains", value: "{{expected}}" }, "Within 30 DAYS.", c)).value,
    ).toBe(1);
  });

  it("names the text in the reason", async () => {
    expect((await score({ type: "contains", value: "refund" }, "a refund")).reason).toBe(
      'contains "refund"',
    );
    expect((await score({ type: "contains", value: "refund" }, "none")).reason).toBe(
      'does not contain "refund"',
    );
  });
});

describe("contains-any", () => {
  it.each([
    [
      "first found",
      ["refund", "return"],
      undefined,
      "You can get a refund.",
      1,
      'contains "refund"',
    ],
    ["later found", ["refund", "return"], undefined, "Return it.", 0, "contains none of 2"],
    ["later found, ignoreCase", ["refund", "return"], true, "Return it.", 1, 'contains "return"'],
    ["none found", ["refund", "return"], undefined, "Keep it.", 0, "contains none of 2"],
    ["numbers as text", [7, 8], undefined, "in 8 days", 1, 'contains "8"'],
  ] as [string, (string | number)[], boolean | undefined, string, number, string][])(
    "%s",
    async (_l, values, ignoreCase, output, value, reason) => {
      const s = await score({ type: "contains-any", values, ignoreCase }, output);
      expect(s.value).toBe(value);
      expect(s.reason).toBe(reason);
    },
  );
});

describe("contains-all", () => {
  it.each([
    ["all found", ["a", "b", "c"], "a b c", 1, true, "contains all 3"],
    ["two of three", ["a", "b", "x"], "a b c", 2 / 3, false, 'missing "x"'],
    ["one of four", ["a", "x", "y", "z"], "a", 1 / 4, false, 'missing "x", "y", "z"'],
    ["none", ["x", "y"], "abc", 0, false, 'missing "x", "y"'],
  ])("%s", async (_l, values, output, value, pass, reason) => {
    const s = await score({ type: "contains-all", values }, output);
    expect(s.value).toBeCloseTo(value, 10);
    expect(s.pass).toBe(pass);
    expect(s.reason).toBe(reason);
  });

  it("passes a fraction at or above an explicit threshold", async () => {
    const config: ScorerConfig = {
      type: "contains-all",
      values: ["a", "b", "c", "x"],
      threshold: 0.75,
    };
    const s = await score(config, "a b c");
    expect(s).toMatchObject({ value: 0.75, pass: true, threshold: 0.75 });
  });

  it("renders templates and honours ignoreCase", async () => {
    const c = { vars: { city: "Oslo" } };
    const config: ScorerConfig = {
      type: "contains-all",
      values: ["{{city}}", "NORWAY"],
      ignoreCase: true,
    };
    expect((await score(config, "oslo, Norway", c)).value).toBe(1);
  });
});

describe("starts-with and ends-with", () => {
  it.each([
    ["prefix", { type: "starts-with", value: "Yes" }, "Yes, you can.", 1],
    ["leading white space ignored", { type: "starts-with", value: "Yes" }, "\n  Yes, you can.", 1],
    ["case-sensitive by default", { type: "starts-with", value: "yes" }, "Yes, you can.", 0],
    ["ignoreCase", { type: "starts-with", value: "yes", ignoreCase: true }, "Yes, you can.", 1],
    ["not at the start", { type: "starts-with", value: "you" }, "Yes, you can.", 0],
    ["suffix", { type: "ends-with", value: "Thanks!" }, "Done. Thanks!", 1],
    [
      "trailing white space ignored",
      { type: "ends-with", value: "Thanks!" },
      "Done. Thanks!\n\n",
      1,
    ],
    ["suffix case-sensitive", { type: "ends-with", value: "thanks!" }, "Done. Thanks!", 0],
    [
      "suffix ignoreCase",
      { type: "ends-with", value: "THANKS!", ignoreCase: true },
      "Done. Thanks!",
      1,
    ],
    ["not at the end", { type: "ends-with", value: "Done." }, "Done. Thanks!", 0],
    ["template value", { type: "ends-with", value: "{{sign}}" }, "Best, Ada", 1],
  ] as [string, ScorerConfig, string, number][])("%s", async (_l, config, output, value) => {
    expect((await score(config, output, { vars: { sign: "Ada" } })).value).toBe(value);
  });

  it("names the text in the reason", async () => {
    expect((await score({ type: "starts-with", value: "A" }, "A b")).reason).toBe(
      'starts with "A"',
    );
    expect((await score({ type: "starts-with", value: "B" }, "A b")).reason).toBe(
      'does not start with "B"',
    );
    expect((await score({ type: "ends-with", value: "b" }, "A b")).reason).toBe('ends with "b"');
    expect((await score({ type: "ends-with", value: "A" }, "A b")).reason).toBe(
      'does not end with "A"',
    );
  });
});

describe("regex", () => {
  it.each([
    ["matches", "\\bORD-\\d{6}\\b", undefined, "Your order ORD-123456 shipped.", 1],
    ["no match", "\\bORD-\\d{6}\\b", undefined, "Your order ORD-12 shipped.", 0],
    ["case-sensitive by default", "^yes", undefined, "Yes.", 0],
    ["flag i", "^yes", "i", "Yes.", 1],
    ["^ is the whole text without m", "^Total:", undefined, "Items\nTotal: 3", 0],
    ["flag m", "^Total:", "m", "Items\nTotal: 3", 1],
    ["dot stops at newline without s", "start.*end", undefined, "start\nend", 0],
    ["flag s", "start.*end", "s", "start\nend", 1],
    ["flag u", "^\\p{Lu}", "u", "Élan", 1],
    ["same pattern, other flags, not confused", "^yes", "", "Yes.", 0],
  ])("%s", async (_l, pattern, flags, output, value) => {
    expect((await score({ type: "regex", pattern, flags }, output)).value).toBe(value);
  });

  it("is stable across calls (no lastIndex state)", async () => {
    const config: ScorerConfig = { type: "regex", pattern: "\\d+" };
    for (let i = 0; i < 3; i++) expect((await score(config, "a 1")).value).toBe(1);
  });

  it("shows the match, or the pattern", async () => {
    expect((await score({ type: "regex", pattern: "\\d+" }, "call 555 now")).reason).toBe(
      'matches at "555"',
    );
    expect((await score({ type: "regex", pattern: "\\d+" }, "none")).reason).toBe(
      "no match for /\\d+/",
    );
  });

  it("fills in {{vars}} and {{expected}}, inserted values matching as literal text", async () => {
    const config: ScorerConfig = {
      type: "regex",
      pattern: "^Order {{id}}: \\$\\d+ \\({{expected}}\\)$",
    };
    const c = { vars: { id: "A.1+" }, expected: "x|y" };
    expect(await score(config, "Order A.1+: $12 (x|y)", c)).toMatchObject({ value: 1 });
    // Unescaped, "A.1+" would match "AB11" and "x|y" would match "x".
    expect(await score(config, "Order AB11: $12 (x)", c)).toMatchObject({ value: 0 });
    expect((await score(config, "nope", c)).reason).toBe(
      "no match for /^Order A\\.1\\+: \\$\\d+ \\(x\\|y\\)$/",
    );
    const field: ScorerConfig = { type: "json-field", path: "sku", matches: "^{{sku}}-\\d$" };
    expect(await score(field, '{"sku":"a.b-7"}', { vars: { sku: "a.b" } })).toMatchObject({
      value: 1,
    });
    expect(await score(field, '{"sku":"axb-7"}', { vars: { sku: "a.b" } })).toMatchObject({
      value: 0,
    });
  });

  it("an invalid pattern is a scorer error, not a crash", async () => {
    const s = await score({ type: "regex", pattern: "(" }, "x");
    expect(s).toMatchObject({ value: 0, pass: false, error: "scorer" });
  });
});
