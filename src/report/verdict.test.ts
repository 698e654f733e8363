import { describe, expect, it } from "vitest";
import { ExitCode } from "../errors.js";
import { scenarios } from "../test-support/report-fixtures.js";
import type { ReportInput } from "./types.js";
import { headline } from "./verdict.js";

const head = (input: ReportInput, decision = input.decision) =>
  headline(input.summary, input.comparison, decision);

describe("headline", () => {
  it("a run with no scores reads as an error whatever the comparison says", () => {
    const h = head(scenarios.allPass(), {
      exitCode: ExitCode.runFailed,
      failure: "every call failed for qa [gpt-4o-mini]",
    });
    expect(h).toEqual({
      tone: "error",
      text: "COULD NOT COMPLETE: every call failed for qa [gpt-4o-mini]",
    });
  });

  it("--strict: an inconclusive suite that fails the run reads FAILED", () => {
    const input = scenarios.inconclusive();
    expect(head(input).tone).toBe("inconclusive");
    const strict = head(input, { exitCode: ExitCode.gateFailed, failure: undefined });
    expect(strict.tone).toBe("fail");
    expect(strict.text).toMatch(/^FAILED \(--strict, inconclusive\): /);
  });

  it("a shard's failed gate says that merge decides it", () => {
    const input = scenarios.failing();
    input.summary.meta.options.shard = { index: 2, count: 3 };
    const h = head(input, { exitCode: ExitCode.ok, failure: undefined });
    expect(h.text).toMatch(/^FAILED IN SHARD 2\/3 \(llmops merge decides the gate\): /);
  });

  it("names one suite with its reason, several by name only: the reasons are listed under it", () => {
    const one = scenarios.inconclusive();
    expect(head(one).text).toMatch(/^INCONCLUSIVE: [^,]+: .*margin/);
    const two = scenarios.inconclusive();
    const first = two.comparison!.suites[0]!;
    two.comparison!.suites.push({ ...first, suite: "other" });
    expect(head(two).text).toBe(
      `INCONCLUSIVE: 2 suites: ${first.suite} [${first.model}], other [${first.model}]`,
    );
  });

  it("counts new suites apart from compared ones", () => {
    expect(head(scenarios.newSuite()).text).toMatch(
      /^PASSED: 1 suite compared, 1 new \(no baseline yet\),/,
    );
    expect(head(scenarios.allPass()).text).toMatch(/^PASSED: 2 suites compared,/);
  });
});
