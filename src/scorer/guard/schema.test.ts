import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardScorers } from "../../config/schema/scorer-guard.js";
import type { ScorerConfig } from "../../config/schema/scorers.js";
import { scoreContext } from "../../test-support/score-context.js";
import { applyScorer } from "../apply.js";
import { scorerRegistry } from "../registry.js";
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
    { type: "pii", kinds: ["email", "iban"], target: "vars.question", expect: "flagged" },
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
    [{ type: "pii", not: true }, "not: is ambiguous on the guardrail pii"],
    [
      { type: "prompt-injection", not: false },
      "not: is ambiguous on the guardrail prompt-injection",
    ],
    [{ type: "secrets", expect: "absent" }, "Invalid option"],
  ])("rejects %j", (config, message) => {
    expect(problems(config).join("; ")).toContain(message);
  });

  it("polarity reads as written: pii passes on clean text, expect: flagged only on PII", async () => {
    const score = (c: ScorerConfig, text: string) =>
      applyScorer(scorerRegistry, c, scoreContext(text));
    const pii: ScorerConfig = { type: "pii" };
    const flagged: ScorerConfig = { type: "pii", expect: "flagged" };
    expect(await score(pii, "Thanks, all sorted.")).toMatchObject({ pass: true, value: 1 });
    expect(await score(pii, "Mail jane@example.com")).toMatchObject({ pass: false, value: 0 });
    expect(await score(flagged, "Thanks, all sorted.")).toMatchObject({ pass: false, value: 0 });
    const hit = await score(flagged, "Mail jane@example.com");
    expect(hit).toMatchObject({ pass: true, value: 1 });
    expect(hit.reason).toMatch(/^expected flagged: found PII: email/);
  });

  it("not: on a guardrail says what to write instead", () => {
    const issue = union.safeParse({ type: "pii", not: true }).error?.issues[0];
    expect(issue?.path).toEqual(["not"]);
    expect((issue as { params?: { hint?: string } }).params?.hint).toContain(
      "write expect: flagged instead of not: true",
    );
  });

  it("describes every option for the generated JSON Schema", () => {
    const json = JSON.stringify(z.toJSONSchema(union));
    expect(json).toContain("Text to check: output (default) or vars.<name>");
    expect(json).toContain("PII kinds to look for");
    expect(json).toContain("Words or phrases, matched as whole words ignoring case.");
  });
});
