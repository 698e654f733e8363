import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  HOSTILE,
  hostileInput,
  oversizedInput,
  scenarios,
} from "../test-support/report-fixtures.js";
import { renderJunit } from "./junit.js";

interface Testcase {
  "@_classname": string;
  "@_name": string;
  "@_time": string;
  failure?: { "@_message": string; "@_type": string; "#text": string };
  error?: { "@_message": string; "@_type": string; "#text": string };
  "system-out"?: string;
}

interface Testsuite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  testcase?: Testcase[];
  properties: { property: { "@_name": string; "@_value": string }[] };
  "system-out"?: string;
}

interface Parsed {
  testsuites: Record<string, string> & { testsuite: Testsuite[] };
}

/** Validate, then parse with the attributes and entities a consumer sees. */
function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
    parseTagValue: false,
    trimValues: false,
  });
  return parser.parse(xml) as Parsed;
}

function counts(s: Testsuite | Parsed["testsuites"]): number[] {
  return [Number(s["@_tests"]), Number(s["@_failures"]), Number(s["@_errors"])];
}

describe("renderJunit", () => {
  it("has a testsuite per suite and model and a testcase per candidate case", () => {
    const { testsuites } = parse(renderJunit(scenarios.allPass()));
    expect(testsuites["@_name"]).toBe("llmops");
    expect(testsuites.testsuite.map((s) => s["@_name"])).toEqual([
      "qa [gpt-4o-mini]",
      "summarize [gpt-4o -> gpt-4.1-mini]",
    ]);
    expect(testsuites.testsuite.map(counts)).toEqual([
      [40, 0, 0],
      [20, 0, 0],
    ]);
    expect(counts(testsuites)).toEqual([60, 0, 0]);
    const first = testsuites.testsuite[0]!.testcase![0]!;
    expect(first).toMatchObject({ "@_classname": "qa", "@_name": "q-improved", "@_time": "0.800" });
  });

  it("fails the cases that failed a trial, with the failing scorers' reasons", () => {
    const suite = parse(renderJunit(scenarios.failing())).testsuites.testsuite[0]!;
    // Removed cases are not testcases: 13 candidate cases, 5 regressed.
    expect(counts(suite)).toEqual([13, 5, 0]);
    const tone = suite.testcase!.find((t) => t["@_name"] === "r-tone")!;
    expect(tone.failure!["@_type"]).toBe("regressed");
    expect(tone.failure!["@_message"]).toBe(
      "0/1 trials passed; helpful: Correct but curt; the rubric asks for a friendly tone.",
    );
    expect(tone.failure!["#text"]).toContain(
      "helpful (llm-rubric): 0.300, 0/1 passed: Correct but curt",
    );
    expect(tone["system-out"]).toContain("--- trial 1 output ---\n4. Obviously.");
    const props = Object.fromEntries(
      suite.properties.property.map((p) => [p["@_name"], p["@_value"]]),
    );
    expect(props).toMatchObject({
      verdict: "fail",
      decision: "fail",
      promptVersion: "v2",
      baselinePromptVersion: "v1",
    });
  });

  it("summarises trials and types flaky failures", () => {
    const suite = parse(renderJunit(scenarios.inconclusive())).testsuites.testsuite[0]!;
    const flaky = suite.testcase!.find((t) => t["@_name"] === "f-flaky")!;
    expect(flaky.failure).toMatchObject({
      "@_type": "flaky",
      "@_message": '2/3 trials passed; exact: expected "Paris", got "Lyon"',
    });
    expect(flaky["system-out"]).toMatch(
      /^2\/3 trials passed, mean score 0.667 \(-0.333 vs baseline\); status: flaky/,
    );
  });

  it("reports failed calls as errors typed by error class", () => {
    const suite = parse(renderJunit(scenarios.errors())).testsuites.testsuite[0]!;
    expect(counts(suite)).toEqual([20, 0, 3]);
    const errors = suite
      .testcase!.filter((t) => t.error)
      .map((t) => [t["@_name"], t.error!["@_type"], t.error!["@_message"]]);
    expect(errors).toEqual([
      ["q17", "rate_limit", "429 Rate limit reached for gpt-4o-mini"],
      ["q18", "rate_limit", "429 Rate limit reached for gpt-4o-mini"],
      ["q19", "timeout", "Request timed out after 30000ms"],
    ]);
    expect(suite.testcase!.find((t) => t["@_name"] === "q19")!.error!["#text"]).toBe(
      "1/1 trials failed to call (timeout x1): Request timed out after 30000ms",
    );
  });

  it("sums the suites' counts on testsuites", () => {
    const { testsuites } = parse(renderJunit(oversizedInput(12)));
    const suite = testsuites.testsuite[0]!;
    // 12 regressed, 30 improved, 10 flaky, 5 new, 1 errored; 5 removed are not testcases.
    expect(counts(suite)).toEqual([58, 22, 1]);
    expect(counts(testsuites)).toEqual(counts(suite));
  });

  it("builds empty testsuites with the run status when the run was not compared", () => {
    const { testsuites } = parse(renderJunit(scenarios.incomplete()));
    expect(counts(testsuites)).toEqual([0, 0, 0]);
    const suite = testsuites.testsuite[0]!;
    expect(suite.testcase).toBeUndefined();
    expect(suite.properties.property[0]).toEqual({ "@_name": "status", "@_value": "interrupted" });
    expect(suite["system-out"]).toContain(
      "not compared: the run did not complete (status: interrupted)",
    );
  });

  it("stays valid XML whatever the outputs, ids and messages hold", () => {
    const xml = renderJunit(hostileInput());
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).not.toContain("]]>");
    const suite = parse(xml).testsuites.testsuite[0]!;
    const names = suite.testcase!.map((t) => t["@_name"]);
    expect(names).toContain("case|`x`<script>@octocat #7");
    expect(names).toContain("err|<i>");
    const clean = HOSTILE.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
    const regressed = suite.testcase!.find((t) => t.failure)!;
    expect(regressed.failure!["#text"]).toContain(clean);
    const oneLine = clean.replace(/\s*\n\s*/g, " ");
    expect(regressed.failure!["@_message"]).toBe(`0/1 trials passed; judge<b>: reason: ${oneLine}`);
    expect(suite.testcase!.find((t) => t.error)!.error!["@_message"]).toBe(oneLine);
  });
});
