import type { TrialResult } from "../run/types.js";
import type { Suite } from "../suite/types.js";

/**
 * `llmops eval --json --json-format gh`: the JSON `gh models eval --json` prints, field for field
 * (github/gh-models cmd/eval/eval.go: EvaluationSummary, TestResult, EvaluationResult, Summary),
 * so a CI step written for gh reads llmops' output unchanged. One object per prompt file and
 * model; `passRate` is a percentage (0–100) and 100 when there are no tests, as gh computes it.
 */
export interface GhEvaluationSummary {
  name: string;
  description: string;
  model: string;
  testResults: GhTestResult[];
  summary: { totalTests: number; passedTests: number; failedTests: number; passRate: number };
}

export interface GhTestResult {
  testCase: Record<string, unknown>;
  modelResponse: string;
  evaluationResults: GhEvaluationResult[];
}

export interface GhEvaluationResult {
  evaluatorName: string;
  score: number;
  passed: boolean;
  details?: string;
}

/** One summary per suite × model that has results, in suite order then model order. */
export function ghModelsJson(
  suites: readonly Suite[],
  results: readonly TrialResult[],
): GhEvaluationSummary[] {
  const out: GhEvaluationSummary[] = [];
  for (const suite of suites) {
    const mine = results.filter((r) => r.suite === suite.name);
    const models = [...new Set(mine.map((r) => r.model))];
    const order = new Map(suite.cases.map((c, i) => [c.id, i]));
    for (const model of models) {
      const trials = mine
        .filter((r) => r.model === model)
        .sort((a, b) => (order.get(a.case) ?? 0) - (order.get(b.case) ?? 0) || a.trial - b.trial);
      const vars = new Map(suite.cases.map((c) => [c.id, c.vars]));
      const testResults = trials.map((t) => testResult(t, vars.get(t.case) ?? {}));
      const passedTests = trials.filter((t) => t.pass).length;
      const totalTests = trials.length;
      out.push({
        name: suite.name,
        description: suite.description,
        model,
        testResults,
        summary: {
          totalTests,
          passedTests,
          failedTests: totalTests - passedTests,
          passRate: totalTests > 0 ? (passedTests / totalTests) * 100 : 100,
        },
      });
    }
  }
  return out;
}

function testResult(t: TrialResult, testCase: Record<string, unknown>): GhTestResult {
  const evaluationResults: GhEvaluationResult[] = t.scores.map((s) => ({
    evaluatorName: s.name,
    score: s.value,
    passed: s.pass,
    ...(s.reason ? { details: s.reason } : {}),
  }));
  // A failed call: gh stops the run; llmops records it and shows it as a failing result.
  if (t.error)
    evaluationResults.push({
      evaluatorName: "call",
      score: 0,
      passed: false,
      details: `${t.error.class}: ${t.error.message}`,
    });
  return { testCase, modelResponse: t.output ?? "", evaluationResults };
}
