import { describe, expect, it } from "vitest";
import { hostileInput, oversizedInput, scenarios } from "../test-support/report-fixtures.js";
import { renderJsonReport } from "./json-report.js";

/** The type of every leaf; an array as the merged shape of its elements ("null" yields to a type). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [v.map(shape).reduce(merge)] : [];
  if (v === null) return "null";
  if (typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

function merge(a: unknown, b: unknown): unknown {
  if (a === "null") return b;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length && b.length ? [merge(a[0], b[0])] : a.length ? a : b;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a;
  const out: Record<string, unknown> = { ...(b as Record<string, unknown>) };
  for (const [k, x] of Object.entries(a)) out[k] = k in out ? merge(x, out[k]) : x;
  return out;
}

const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe("renderJsonReport", () => {
  it("has a stable, documented shape", () => {
    expect(shape(renderJsonReport(oversizedInput(3)))).toMatchInlineSnapshot(`
      {
        "cases": [
          {
            "baseline": {
              "cost": "number",
              "errorMessage": "null",
              "errors": {},
              "latencyMs": "number",
              "meanScore": "number",
              "passes": "number",
              "scorers": [
                {
                  "error": "null",
                  "name": "string",
                  "passes": "number",
                  "reason": "string",
                  "type": "string",
                  "value": "number",
                },
              ],
              "scores": [
                "number",
              ],
              "tokens": {
                "completion": "number",
                "prompt": "number",
              },
              "trials": "number",
            },
            "candidate": {
              "cost": "number",
              "errorMessage": "string",
              "errors": {
                "server": "number",
              },
              "latencyMs": "number",
              "meanScore": "number",
              "passes": "number",
              "scorers": [
                {
                  "error": "null",
                  "name": "string",
                  "passes": "number",
                  "reason": "string",
                  "type": "string",
                  "value": "number",
                },
              ],
              "scores": [
                "number",
              ],
              "tokens": {
                "completion": "number",
                "prompt": "number",
              },
              "trials": "number",
            },
            "delta": "number",
            "id": "string",
            "location": {
              "file": "string",
              "line": "number",
            },
            "model": "string",
            "passRate": {
              "high": "number",
              "low": "number",
              "rate": "number",
            },
            "status": "string",
            "suite": "string",
          },
        ],
        "exitCode": "number",
        "kind": "string",
        "reproduce": "string",
        "run": {
          "ci": {
            "provider": "string",
            "url": "string",
          },
          "durationMs": "number",
          "finishedAt": "string",
          "git": {
            "commit": "string",
            "dirty": "boolean",
            "user": "string",
          },
          "id": "string",
          "llmopsVersion": "string",
          "startedAt": "string",
          "status": "string",
          "totals": {
            "planned": "number",
            "remaining": "number",
            "spentUsd": "number",
            "trials": "number",
          },
        },
        "schemaVersion": "number",
        "suites": [
          {
            "comparison": {
              "baseline": {
                "cases": "number",
                "costPerCase": "number",
                "errorRate": "number",
                "latencyP95": "number",
                "meanScore": "number",
                "passRate": "number",
                "trials": "number",
              },
              "baselineModel": "null",
              "candidate": {
                "cases": "number",
                "costPerCase": "null",
                "errorRate": "number",
                "latencyP95": "number",
                "meanScore": "number",
                "passRate": "number",
                "trials": "number",
              },
              "checks": [
                {
                  "detail": "string",
                  "name": "string",
                  "status": "string",
                },
              ],
              "counts": {
                "errored": "number",
                "flaky": "number",
                "improved": "number",
                "new": "number",
                "regressed": "number",
                "removed": "number",
                "unchanged": "number",
              },
              "decision": "string",
              "drift": [
                "string",
              ],
              "gate": {
                "alpha": "number",
                "margin": "number",
              },
              "isNew": "boolean",
              "mde": "number",
              "pAdjusted": "number",
              "paired": "number",
              "promptVersions": {
                "baseline": "string",
                "candidate": "string",
              },
              "scorers": [
                {
                  "baseline": {
                    "passRate": "number",
                    "trials": "number",
                  },
                  "candidate": {
                    "passRate": "number",
                    "trials": "number",
                  },
                  "name": "string",
                  "type": "string",
                },
              ],
              "test": {
                "drop": "number",
                "dropLower": "number",
                "dropUpper": "number",
                "meanDiff": "number",
                "method": "string",
                "n": "number",
                "nonZero": "number",
                "pValue": "number",
                "se": "number",
              },
              "toDecide": "null",
            },
            "figures": {
              "cases": "number",
              "cost": {
                "perCase": "number",
                "total": "number",
                "unknownTrials": "number",
              },
              "errors": {
                "server": "number",
              },
              "judge": {
                "calls": "number",
                "completionTokens": "number",
                "cost": "number",
                "parseErrors": "number",
                "promptTokens": "number",
                "unknownCost": "number",
              },
              "latencyMs": {
                "p50": "number",
                "p95": "number",
              },
              "meanScore": "number",
              "passRate": "number",
              "passedTrials": "number",
              "promptVersion": "string",
              "scoreSE": "number",
              "sources": {
                "cache": "number",
                "fixture": "number",
                "live": "number",
              },
              "tokens": {
                "completion": "number",
                "prompt": "number",
              },
              "trials": "number",
              "ttftMs": {
                "p50": "number",
              },
            },
            "model": "string",
            "reason": "string",
            "suite": "string",
            "verdict": "string",
          },
        ],
        "verdict": "string",
        "verdictLine": "string",
      }
    `);
  });

  it.each(
    Object.entries({ ...scenarios, hostile: hostileInput, oversized: () => oversizedInput(5) }),
  )("round-trips through JSON: %s", (_, build) => {
    const report = renderJsonReport(build());
    expect(roundTrip(report)).toEqual(report);
    expect(JSON.stringify(report)).not.toContain('"outputs"');
  });

  it("carries the verdict, the decision figures and every case", () => {
    const r = renderJsonReport(scenarios.failing());
    expect(r).toMatchObject({ schemaVersion: 1, kind: "llmops-report", verdict: "fail" });
    expect(r.verdictLine).toMatch(/^FAILED: qa \[gpt-4o-mini\]/);
    const s = r.suites[0]!;
    expect(s.comparison!.decision).toBe("fail");
    expect(s.comparison!.pAdjusted).toBeCloseTo(1 / 32, 10);
    expect(s.comparison!.checks.map((c) => [c.name, c.status])).toEqual([
      ["quality", "fail"],
      ["cost", "fail"],
      ["errors", "pass"],
    ]);
    expect(r.cases).toHaveLength(14);
    expect(r.cases.filter((c) => c.status === "regressed").map((c) => c.id)).toEqual([
      "r-capital",
      "r-date",
      "r-math",
      "r-tone",
      "r-unit",
    ]);
    expect(r.cases.find((c) => c.id === "q-old")).toMatchObject({
      status: "removed",
      candidate: null,
      location: { file: "evals/qa.eval.yml" },
    });
  });

  it("keeps flaky intervals and error classes", () => {
    expect(
      renderJsonReport(scenarios.inconclusive()).cases.find((c) => c.id === "f-flaky")!.passRate,
    ).toMatchObject({ rate: 2 / 3 });
    const errored = renderJsonReport(scenarios.errors()).cases.find((c) => c.id === "q19")!;
    expect(errored.candidate).toMatchObject({
      errors: { timeout: 1 },
      errorMessage: "Request timed out after 30000ms",
    });
    expect(renderJsonReport(scenarios.errors()).suites[0]!.figures!.errors).toEqual({
      rate_limit: 2,
      timeout: 1,
    });
  });

  it("marks a run that was not compared and keeps its figures", () => {
    const r = renderJsonReport(scenarios.incomplete());
    expect(r.verdict).toBe("not-compared");
    expect(r.run.status).toBe("interrupted");
    expect(r.cases).toEqual([]);
    expect(r.suites).toEqual([
      expect.objectContaining({
        suite: "qa",
        verdict: "not-compared",
        reason: null,
        comparison: null,
      }),
    ]);
    expect(r.suites[0]!.figures!.cases).toBe(5);
  });

  it("gives a new suite no baseline and no test", () => {
    const extract = renderJsonReport(scenarios.newSuite()).suites.find(
      (s) => s.suite === "extract",
    )!;
    expect(extract.comparison).toMatchObject({
      isNew: true,
      decision: "new",
      baseline: null,
      test: null,
      promptVersions: { baseline: null },
    });
  });
});
