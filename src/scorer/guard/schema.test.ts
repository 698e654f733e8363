import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardScorers } from "../../config/schema/scorer-guard.js";
import { guardScorerImpls } from "./registry.js";

const union = z.discriminatedUnion("type", [...guardScorers]);
const problems = (value: unknown) =>
  union.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe("guard scorer schemas", () => {
  it("has an implementation for every type and a type for every implementation", () => {
    expect(Object.keys(guardScorerImpls).sort()).toEqual(
      guardScorers.map((s) => s.shape.type.value).sort(),
    );
  });

  it.each([
    { type: "pii" },
    { type: "pii", kinds: ["email", "iban"], target: "vars.question", not: true },
    { type: "secrets", generic: false },
    { type: "prompt-injection", target: "vars.user_input", threshold: 0.7 },
    { type: "system-prompt-leak", minFraction: 0.5, minWords: 20 },
    { type: "banned", words: ["Zendesk"], weight: 2 },
    { type: "banned", patterns: ["free\\s+money"] },
  ])("accepts %j", (config) => {
    expect(problems(config)).toEqual([]);
  });

  it.each([
    [{ type: "pii", kinds: ["passport"] }, "Invalid option"],
    [{ type: "pii", kinds: [] }, "Too small"],
    [{ type: "pii", target: "input" }, "expected output or vars.<name>"],
    [{ type: "secrets", entropy: 4 }, "Unrecognized key"],
    [{ type: "system-prompt-leak", minWords: 3 }, "Too small"],
    [{ type: "banned" }, "banned needs words or patterns"],
    [{ type: "banned", patterns: ["(unclosed"] }, "pattern not supported: missing closing )"],
  ])("rejects %j", (config, message) => {
    expect(problems(config).join("; ")).toContain(message);
  });

  it("describes every option for the generated JSON Schema", () => {
    const json = JSON.stringify(z.toJSONSchema(union));
    expect(json).toContain("Text to check: output (default) or vars.<name>");
    expect(json).toContain("PII kinds to look for");
    expect(json).toContain("Words or phrases, matched as whole words ignoring case.");
  });
});
