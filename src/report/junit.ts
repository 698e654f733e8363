/**
 * The JUnit XML report, for GitHub test reporters, GitLab and Jenkins: a testsuite per suite and
 * model, a testcase per case of the candidate run.
 */
import type { CaseChange } from "../compare/classify.js";
import type { SuiteComparison } from "../compare/compare.js";
import { type CaseRecord, caseMean, errorCount } from "../compare/records.js";
import type { SuiteSummary } from "../run/aggregate.js";
import { clipText, escapeXml, escapeXmlText } from "./escape.js";
import type { CaseInfo, ReportInput } from "./types.js";
import { suiteLabel, suiteReason } from "./verdict.js";

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  time: number;
}

interface SuiteXml extends Counts {
  xml: string;
}

/** Longest `message` attribute; the element body has the whole text. */
const MESSAGE_MAX = 500;

/** A `message` attribute: one line (reporters show it as a title), clipped. */
function messageAttr(text: string): string {
  return escapeXml(clipText(text.replace(/\s*[\r\n]+\s*/g, " "), MESSAGE_MAX));
}

/**
 * Render the JUnit XML. Each case of the candidate run (every status but removed) is a testcase:
 * an `<error>` when a call failed (type = error class), a `<failure>` with the failing scorers'
 * reasons when any trial failed (type = regressed, flaky or failed), and the trial count in
 * `<system-out>`. A run that was not compared has one empty testsuite per suite and model, whose
 * properties carry the run status and figures.
 */
export function renderJunit(input: ReportInput): string {
  const c = input.comparison;
  const suites = c
    ? c.suites.map((s) => renderSuite(s, input.cases[s.suite] ?? {}, input.summary.startedAt))
    : input.summary.suites.map((s) =>
        renderSummarySuite(s, input.summary.status, input.summary.startedAt),
      );
  const sum = (k: keyof Counts) => suites.reduce((n, s) => n + s[k], 0);
  const head = `<testsuites name="llmops" tests="${sum("tests")}" failures="${sum("failures")}" errors="${sum("errors")}" skipped="0" time="${seconds(input.summary.durationMs)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.map((s) => s.xml).join("\n")}\n</testsuites>\n`;
}

function renderSuite(
  s: SuiteComparison,
  cases: Record<string, CaseInfo>,
  startedAt: string,
): SuiteXml {
  const changes = s.changes.filter((ch) => ch.candidate !== null);
  const testcases = changes.map((ch) => renderCase(s.suite, ch, cases[ch.id]));
  const counts: Counts = {
    tests: testcases.length,
    failures: testcases.filter((t) => t.kind === "failure").length,
    errors: testcases.filter((t) => t.kind === "error").length,
    time: testcases.reduce((n, t) => n + t.time, 0),
  };
  const properties = [
    ["verdict", s.verdict],
    ["decision", s.decision],
    ["reason", suiteReason(s)],
    ["promptVersion", s.promptVersions.candidate],
    ["baselinePromptVersion", s.promptVersions.baseline ?? ""],
  ];
  const xml = [
    suiteOpen(suiteLabel(s), counts, startedAt),
    propertiesXml(properties),
    ...testcases.map((t) => t.xml),
    "  </testsuite>",
  ].join("\n");
  return { ...counts, xml };
}

function renderSummarySuite(s: SuiteSummary, status: string, startedAt: string): SuiteXml {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, time: 0 };
  const properties = [
    ["status", status],
    ["cases", String(s.cases)],
    ["trials", String(s.trials)],
    ["passRate", String(s.passRate)],
    ["meanScore", String(s.meanScore)],
  ];
  const out = `    <system-out>${escapeXmlText(`not compared: the run did not complete (status: ${status}); ${s.passedTrials}/${s.trials} trials passed`)}</system-out>`;
  const xml = [
    suiteOpen(`${s.suite} [${s.model}]`, counts, startedAt),
    propertiesXml(properties),
    out,
    "  </testsuite>",
  ].join("\n");
  return { ...counts, xml };
}

function suiteOpen(name: string, c: Counts, startedAt: string): string {
  return `  <testsuite name="${escapeXml(name)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="0" time="${seconds(c.time * 1000)}" timestamp="${escapeXml(startedAt)}">`;
}

function propertiesXml(props: string[][]): string {
  const lines = props.map(
    ([k, v]) => `      <property name="${escapeXml(k!)}" value="${escapeXml(v!)}"/>`,
  );
  return ["    <properties>", ...lines, "    </properties>"].join("\n");
}

interface CaseXml {
  kind: "pass" | "failure" | "error";
  time: number;
  xml: string;
}

function renderCase(suite: string, ch: CaseChange, info: CaseInfo | undefined): CaseXml {
  const rec = ch.candidate!;
  const trials = rec.scores.length;
  const ok = trials - errorCount(rec);
  const time = rec.latencyMs === null ? 0 : (rec.latencyMs * ok) / 1000;
  const where = info ? ` file="${escapeXml(info.file)}" line="${info.line}"` : "";
  const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(ch.id)}" time="${seconds(time * 1000)}"${where}>`;
  const kind = errorCount(rec) > 0 ? "error" : rec.passes < trials ? "failure" : "pass";
  const detail = kind === "error" ? errorXml(rec) : kind === "failure" ? failureXml(ch) : null;
  const body = [
    detail,
    `      <system-out>${escapeXmlText(systemOut(ch, kind !== "pass"))}</system-out>`,
  ].filter((x) => x !== null);
  return { kind, time, xml: [open, ...body, "    </testcase>"].join("\n") };
}

function errorXml(rec: CaseRecord): string {
  const classes = Object.entries(rec.errors).sort(([, a], [, b]) => b - a);
  const type = classes[0]?.[0] ?? "unknown";
  const counts = classes.map(([k, n]) => `${k} x${n}`).join(", ");
  const message = rec.errorMessage ?? type;
  const text = `${errorCount(rec)}/${rec.scores.length} trials failed to call (${counts}): ${message}`;
  return `      <error message="${messageAttr(message)}" type="${escapeXml(type)}">${escapeXmlText(text)}</error>`;
}

function failureXml(ch: CaseChange): string {
  const rec = ch.candidate!;
  const trials = rec.scores.length;
  const failing = rec.scorers.filter((s) => s.passes < trials || s.error);
  const reasons = failing.map(
    (s) =>
      `${s.name} (${s.type}): ${s.value.toFixed(3)}, ${s.passes}/${trials} passed: ${s.reason}${s.error ? ` (error: ${s.error})` : ""}`,
  );
  const summary = `${rec.passes}/${trials} trials passed`;
  const message = failing.length
    ? `${summary}; ${failing[0]!.name}: ${failing[0]!.reason}`
    : summary;
  const type = ch.status === "regressed" || ch.status === "flaky" ? ch.status : "failed";
  const text = [summary, ...(reasons.length ? reasons : ["no scorer reason recorded"])].join("\n");
  return `      <failure message="${messageAttr(message)}" type="${type}">${escapeXmlText(text)}</failure>`;
}

function systemOut(ch: CaseChange, withOutputs: boolean): string {
  const rec = ch.candidate!;
  const delta =
    ch.delta === null ? "" : ` (${ch.delta >= 0 ? "+" : ""}${ch.delta.toFixed(3)} vs baseline)`;
  const head = `${rec.passes}/${rec.scores.length} trials passed, mean score ${caseMean(rec).toFixed(3)}${delta}; status: ${ch.status}`;
  if (!withOutputs) return head;
  const outputs = rec.outputs.map(
    (o, i) => `--- trial ${i + 1} output ---\n${o ?? "(no output: the call failed)"}`,
  );
  return [head, ...outputs].join("\n");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
