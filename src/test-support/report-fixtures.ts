/**
 * ReportInput builders for report tests: records go through the real compareRuns, so every
 * scenario's statistics, checks and case statuses are the ones a run would produce.
 */
import { decide } from "../commands/decide.js";
import type { Baseline } from "../compare/baseline.js";
import { compareRuns } from "../compare/compare.js";
import type { CaseRecord, ModelRecord } from "../compare/records.js";
import type { GateConfig } from "../config/schema/gate.js";
import type { ErrorClass } from "../provider/types.js";
import type { CaseInfo, PromptDiff, ReportInput } from "../report/types.js";
import type { SuiteSummary } from "../run/aggregate.js";
import type { RunStatus, RunSummary } from "../run/types.js";
import { mean, percentile, round } from "../util/stats.js";

/** A case's record: pass/fail trials (1 passes), one `exact` scorer, plausible usage. */
export function caseRecord(scores: number[], extra: Partial<CaseRecord> = {}): CaseRecord {
  const passes = scores.filter((s) => s >= 1).length;
  const n = scores.length;
  return {
    caseDigest: "d1",
    scores,
    passes,
    errors: {},
    outputs: scores.map((s) => (s >= 1 ? "Paris" : "Lyon")),
    scorers: [
      {
        name: "exact",
        type: "equals",
        value: round(n ? mean(scores) : 0),
        passes,
        reason: passes === n ? "output equals expected" : 'expected "Paris", got "Lyon"',
      },
    ],
    judges: [],
    tokens: { prompt: 120 * n, completion: 30 * n },
    cost: round(0.0004 * n),
    latencyMs: 800,
    ...extra,
  };
}

/** A case whose calls all failed with `errorClass`. */
export function erroredRecord(errorClass: ErrorClass, message: string, trials = 1): CaseRecord {
  return caseRecord(Array(trials).fill(0), {
    errors: { [errorClass]: trials },
    errorMessage: message,
    outputs: Array(trials).fill(null),
    scorers: [],
    tokens: { prompt: 0, completion: 0 },
    cost: null,
    latencyMs: null,
  });
}

/** `count` cases named `${prefix}${i}` with the same scores. */
export function manyCases(
  prefix: string,
  count: number,
  scores: number[],
  extra: Partial<CaseRecord> = {},
): Record<string, CaseRecord> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `${prefix}${String(i).padStart(2, "0")}`,
      caseRecord(scores, extra),
    ]),
  );
}

/** One suite on one model, as a scenario declares it. */
export interface SuiteSpec {
  suite: string;
  model: string;
  /** The baseline's model when the suite switched models. */
  baselineModel?: string;
  gate?: GateConfig;
  candidate: Record<string, CaseRecord>;
  /** Absent: the suite is new. */
  baseline?: Record<string, CaseRecord>;
  trials?: number;
  promptVersions?: [string, string];
  /** Case inputs; defaults to a question per case id. */
  cases?: Record<string, CaseInfo>;
}

export interface ScenarioSpec {
  suites: SuiteSpec[];
  status?: RunStatus;
  /** False: the run was not compared (comparison null). */
  compared?: boolean;
  promptDiffs?: PromptDiff[];
  /** Trials planned, when more than ran (an interrupted run). */
  planned?: number;
}

/** A ReportInput from suites of records, compared by compareRuns. */
export function buildReportInput(spec: ScenarioSpec): ReportInput {
  const candidate = new Map<string, Map<string, ModelRecord>>();
  const baselines = new Map<string, Baseline | undefined>();
  const gates = new Map<string, GateConfig>();
  const cases: ReportInput["cases"] = {};
  for (const s of spec.suites) {
    const [before, after] = s.promptVersions ?? ["v1", "v2"];
    const models = candidate.get(s.suite) ?? new Map<string, ModelRecord>();
    models.set(s.model, { promptVersion: after, trials: s.trials ?? 1, cases: s.candidate });
    candidate.set(s.suite, models);
    if (s.baseline) {
      const base = baselines.get(s.suite) ?? {
        schemaVersion: 1,
        suite: s.suite,
        prompt: `prompts/${s.suite}.prompt.yml`,
        models: {},
      };
      base.models[s.baselineModel ?? s.model] = {
        promptVersion: before,
        trials: s.trials ?? 1,
        cases: s.baseline,
      };
      baselines.set(s.suite, base);
    }
    gates.set(s.suite, s.gate ?? {});
    cases[s.suite] = { ...cases[s.suite], ...(s.cases ?? defaultCases(s)) };
  }
  const comparison =
    spec.compared === false ? null : compareRuns({ candidate, baselines, gates, partial: false });
  const summary = runSummary(
    spec.suites.map(suiteSummary),
    spec.status ?? "complete",
    spec.planned,
  );
  // The report's headline comes from the same decision as a run's exit code.
  const decision = decide({ summary, comparison: comparison ?? undefined, runDirShown: "run" });
  return {
    summary,
    comparison,
    decision: { exitCode: decision.exitCode, failure: decision.failure?.message },
    cases,
    promptDiffs: spec.promptDiffs ?? [],
    reproduce: "npx llmops eval --replay evals/",
    fullReport: ".llmops/runs/2025-06-01T12-00-00-abc123/report.md",
  };
}

function defaultCases(s: SuiteSpec): Record<string, CaseInfo> {
  const ids = new Set([...Object.keys(s.candidate), ...Object.keys(s.baseline ?? {})]);
  return Object.fromEntries(
    [...ids].sort().map((id, i) => [
      id,
      {
        vars: { question: `What is the capital of France? (${id})` },
        expected: "Paris",
        file: `evals/${s.suite}.eval.yml`,
        line: 10 + 4 * i,
      },
    ]),
  );
}

/** The run summary figures of a suite, computed from its candidate records. */
export function suiteSummary(s: SuiteSpec): SuiteSummary {
  const recs = Object.values(s.candidate);
  const trials = recs.reduce((n, r) => n + r.scores.length, 0);
  const passed = recs.reduce((n, r) => n + r.passes, 0);
  const errors: Partial<Record<ErrorClass, number>> = {};
  for (const r of recs)
    for (const [k, n] of Object.entries(r.errors))
      errors[k as ErrorClass] = (errors[k as ErrorClass] ?? 0) + n;
  const latencies = recs.map((r) => r.latencyMs).filter((x): x is number => x !== null);
  const total = recs.reduce((n, r) => n + (r.cost ?? 0), 0);
  return {
    suite: s.suite,
    model: s.model,
    promptVersion: s.promptVersions?.[1] ?? "v2",
    cases: recs.length,
    trials,
    passedTrials: passed,
    passRate: round(trials ? passed / trials : 0),
    meanScore: round(
      recs.length ? mean(recs.map((r) => (r.scores.length ? mean(r.scores) : 0))) : 0,
    ),
    scoreSE: 0.02,
    tokens: {
      prompt: recs.reduce((n, r) => n + r.tokens.prompt, 0),
      completion: recs.reduce((n, r) => n + r.tokens.completion, 0),
    },
    cost: {
      total: round(total),
      perCase: recs.length ? round(total / recs.length) : null,
      unknownTrials: 0,
    },
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    ttftMs: { p50: latencies.length ? 240 : null },
    errors,
    judge: { promptTokens: 0, completionTokens: 0, cost: 0, calls: 0, unknownCost: 0 },
    sources: { fixture: trials, cache: 0, live: 0 },
  };
}

function runSummary(suites: SuiteSummary[], status: RunStatus, planned?: number): RunSummary {
  const trials = suites.reduce((n, s) => n + s.trials, 0);
  return {
    schemaVersion: 1,
    runId: "2025-06-01T12-00-00-abc123",
    status,
    startedAt: "2025-06-01T12:00:00.000Z",
    finishedAt: "2025-06-01T12:01:30.000Z",
    durationMs: 90_000,
    meta: {
      schemaVersion: 1,
      id: "2025-06-01T12-00-00-abc123",
      startedAt: "2025-06-01T12:00:00.000Z",
      llmopsVersion: "0.1.0",
      git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false, user: "octocat" },
      ci: { provider: "github-actions", url: "https://github.com/acme/app/actions/runs/42" },
      configDigest: "cfg1",
      options: {
        targets: ["evals/"],
        filter: [],
        models: [],
        trials: null,
        mode: "replay",
        cache: false,
        shard: null,
        maxCost: null,
        concurrency: 0,
        prune: false,
        judgeOnly: false,
        redact: false,
      },
    },
    totals: {
      trials,
      planned: planned ?? trials,
      remaining: (planned ?? trials) - trials,
      spentUsd: round(suites.reduce((n, s) => n + s.cost.total, 0)),
    },
    suites,
    recorded: [],
  };
}

/** Scenarios shared by the markdown, JUnit and JSON report tests. */
export const scenarios = {
  /** Two suites pass; one improved case; one suite switched models. */
  allPass: (): ReportInput =>
    buildReportInput({
      suites: [
        {
          suite: "qa",
          model: "gpt-4o-mini",
          baseline: { ...manyCases("q", 39, [1]), "q-improved": caseRecord([0]) },
          candidate: { ...manyCases("q", 39, [1]), "q-improved": caseRecord([1]) },
        },
        {
          suite: "summarize",
          model: "gpt-4.1-mini",
          baselineModel: "gpt-4o",
          // 20 unchanged cases rule out a drop above 13.9%, so a margin that wide passes.
          gate: { maxLatencyIncrease: 0.5, margin: 0.15 },
          baseline: manyCases("s", 20, [1]),
          candidate: manyCases("s", 20, [1]),
        },
      ],
    }),
  /** Five cases regress (significant, beyond the margin) and the cost gate fails. */
  failing: (): ReportInput => {
    const judge = (value: number, reason: string) => [
      { name: "helpful", type: "llm-rubric", value, passes: value >= 0.7 ? 1 : 0, reason },
    ];
    return buildReportInput({
      suites: [
        {
          suite: "qa",
          model: "gpt-4o-mini",
          gate: { maxCostIncrease: 0.2 },
          baseline: {
            ...manyCases("q", 7, [1]),
            "r-capital": caseRecord([1]),
            "r-math": caseRecord([1], { outputs: ["4"] }),
            "r-tone": caseRecord([0.9], {
              passes: 1,
              outputs: ["Happy to help: the answer is 4."],
              scorers: judge(0.9, "Polite and correct."),
            }),
            "r-date": caseRecord([1]),
            "r-unit": caseRecord([1]),
            "q-old": caseRecord([1]),
          },
          candidate: {
            ...manyCases("q", 7, [1], { cost: 0.0008 }),
            "r-capital": caseRecord([0], { cost: 0.0008 }),
            "r-math": caseRecord([0], {
              outputs: ["5"],
              cost: 0.0008,
              scorers: [
                {
                  name: "exact",
                  type: "equals",
                  value: 0,
                  passes: 0,
                  reason: 'expected "4", got "5"',
                },
              ],
            }),
            "r-tone": caseRecord([0.3], {
              passes: 0,
              outputs: ["4. Obviously."],
              cost: 0.0008,
              scorers: judge(0.3, "Correct but curt; the rubric asks for a friendly tone."),
            }),
            "r-date": caseRecord([0], { cost: 0.0008 }),
            "r-unit": caseRecord([0], { cost: 0.0008 }),
            "q-added": caseRecord([1], { cost: 0.0008 }),
          },
        },
      ],
      promptDiffs: [
        {
          file: "prompts/qa.prompt.yml",
          ref: "origin/main",
          diff: "@@ -1,2 +1,2 @@\n-system: Answer politely and precisely.\n+system: Answer briefly.\n user: '{{question}}'\n",
        },
      ],
    });
  },
  /** Too few cases to rule out a drop: one regression, one flaky case, three trials each. */
  inconclusive: (): ReportInput =>
    buildReportInput({
      suites: [
        {
          suite: "qa",
          model: "gpt-4o-mini",
          trials: 3,
          baseline: {
            ...manyCases("q", 4, [1, 1, 1]),
            "r-capital": caseRecord([1, 1, 1]),
            "f-flaky": caseRecord([1, 1, 1]),
          },
          candidate: {
            ...manyCases("q", 4, [1, 1, 1]),
            "r-capital": caseRecord([0, 0, 0], { outputs: ["Lyon", "Marseille", "Lyon"] }),
            "f-flaky": caseRecord([1, 0, 1]),
          },
        },
      ],
    }),
  /** A suite without a baseline, gated by minPassRate only, next to a passing one. */
  newSuite: (): ReportInput =>
    buildReportInput({
      suites: [
        {
          suite: "extract",
          model: "gpt-4o-mini",
          gate: { minPassRate: 0.8 },
          candidate: { ...manyCases("e", 4, [1]), "e-miss": caseRecord([0]) },
        },
        {
          suite: "qa",
          model: "gpt-4o-mini",
          gate: { margin: 0.15 },
          baseline: manyCases("q", 20, [1]),
          candidate: manyCases("q", 20, [1]),
        },
      ],
    }),
  /** Three calls fail (rate limit, timeout): the error-rate gate fails. */
  errors: (): ReportInput =>
    buildReportInput({
      suites: [
        {
          suite: "qa",
          model: "gpt-4o-mini",
          baseline: manyCases("q", 20, [1]),
          candidate: {
            ...manyCases("q", 17, [1]),
            q17: erroredRecord("rate_limit", "429 Rate limit reached for gpt-4o-mini"),
            q18: erroredRecord("rate_limit", "429 Rate limit reached for gpt-4o-mini"),
            q19: erroredRecord("timeout", "Request timed out after 30000ms"),
          },
        },
      ],
    }),
  /** The run was interrupted: no comparison. */
  incomplete: (): ReportInput =>
    buildReportInput({
      suites: [{ suite: "qa", model: "gpt-4o-mini", candidate: manyCases("q", 5, [1]) }],
      compared: false,
      status: "interrupted",
      planned: 12,
    }),
};

/** What a hostile model or user might write: markdown, HTML, fences, pipes, mentions, issue refs. */
export const HOSTILE =
  "```\n</details></summary><script>alert(1)</script>\n| a | b |\n@someone look at #123 ]]> & <!-- llmops-report --> \u0000\u0007\u001b[31m ~~x~~ $x$ *b* _i_ [l](http://x)\n```js";

/** Hostile text in ids, vars, outputs, reasons, errors and the prompt diff. */
export function hostileInput(): ReportInput {
  const bad = (score: number, extra: Partial<CaseRecord> = {}) =>
    caseRecord([score], {
      outputs: [HOSTILE],
      scorers: [
        {
          name: "judge<b>",
          type: "llm-rubric",
          value: score,
          passes: score,
          reason: `reason: ${HOSTILE}`,
        },
      ],
      ...extra,
    });
  const id = "case|`x`<script>@octocat #7";
  return buildReportInput({
    suites: [
      {
        suite: "qa",
        model: "gpt-4o-mini",
        trials: 1,
        baseline: { [id]: bad(1), "err|<i>": caseRecord([1]), ...manyCases("q", 3, [1]) },
        candidate: {
          [id]: bad(0),
          "err|<i>": erroredRecord("bad_request", HOSTILE),
          "new@dev": bad(1),
          ...manyCases("q", 3, [1]),
        },
        cases: {
          [id]: {
            vars: { question: HOSTILE, "k|`": "@x" },
            expected: HOSTILE,
            file: "evals/qa.eval.yml",
            line: 3,
          },
        },
      },
    ],
    promptDiffs: [
      {
        file: "prompts/qa|x.prompt.yml",
        ref: "origin/main",
        diff: `-old\n+${HOSTILE.replace(/\n/g, "\n+")}\n`,
      },
    ],
  });
}

/** `regressions` long regressed cases plus every other kind of case, three trials each. */
export function oversizedInput(regressions: number): ReportInput {
  const long = (i: number) => `Answer ${i}:\n${"lorem ipsum dolor sit amet ".repeat(60)}`;
  const baseline: Record<string, CaseRecord> = {};
  const candidate: Record<string, CaseRecord> = {};
  for (let i = 0; i < regressions; i++) {
    const id = `reg-${String(i).padStart(3, "0")}`;
    baseline[id] = caseRecord([1, 1, 1], { outputs: [long(i), long(i), long(i)] });
    candidate[id] = caseRecord(i % 2 ? [0, 0, 0] : [0.5, 0.5, 0.5], {
      passes: 0,
      outputs: [long(i), long(i), long(i)],
    });
  }
  Object.assign(
    baseline,
    manyCases("imp-", 30, [0, 0, 0]),
    manyCases("flaky-", 10, [1, 1, 1]),
    manyCases("gone-", 5, [1, 1, 1]),
  );
  Object.assign(
    candidate,
    manyCases("imp-", 30, [1, 1, 1]),
    manyCases("flaky-", 10, [1, 0, 1]),
    manyCases("added-", 5, [1, 1, 1]),
  );
  candidate["err-1"] = erroredRecord("server", "502 Bad Gateway", 3);
  baseline["err-1"] = caseRecord([1, 1, 1]);
  candidate["flaky-00"] = { ...candidate["flaky-00"]!, caseDigest: "d2" };
  const diff = Array.from({ length: 400 }, (_, i) => `+line ${i} of a much longer prompt`).join(
    "\n",
  );
  return buildReportInput({
    suites: [{ suite: "qa", model: "gpt-4o-mini", trials: 3, baseline, candidate }],
    promptDiffs: [{ file: "prompts/qa.prompt.yml", ref: "origin/main", diff }],
  });
}
