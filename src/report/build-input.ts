import type { Comparison } from "../compare/compare.js";
import { git } from "../git/git.js";
import type { RunSummary } from "../run/types.js";
import type { Project } from "../suite/types.js";
import type { CaseInfo, PromptDiff, ReportDecision, ReportInput } from "./types.js";

/** Quote an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** The command that reproduces a run locally, from the options it was started with. */
export function reproduceCommand(summary: RunSummary): string {
  const o = summary.meta.options;
  const parts = ["npx llmops eval", ...o.targets.map(shellQuote)];
  for (const f of o.filter) parts.push(`--filter ${shellQuote(f)}`);
  for (const m of o.models) parts.push(`--model ${shellQuote(m)}`);
  if (o.trials) parts.push(`--trials ${o.trials}`);
  // A --record run saved its calls: replaying them reproduces it for free; recording again would pay.
  const mode = o.mode === "record" ? "replay" : o.mode;
  if (mode !== "auto") parts.push(`--${mode}`);
  return parts.join(" ");
}

/** Diffs of the prompts of the compared suites against `ref` (empty without a ref or git). */
export async function promptDiffs(
  project: Project,
  comparison: Comparison | null,
  ref: string | undefined,
): Promise<PromptDiff[]> {
  if (!ref || !comparison) return [];
  const files = [
    ...new Set(
      comparison.suites
        .map((s) => project.suites.find((x) => x.name === s.suite)?.prompt.file)
        .filter((f): f is string => Boolean(f)),
    ),
  ];
  const out: PromptDiff[] = [];
  for (const file of files.sort()) {
    const diff = await git(project.config.root, [
      "diff",
      "--no-color",
      "--relative",
      ref,
      "--",
      file,
    ]);
    if (diff?.trim()) out.push({ file, ref, diff });
  }
  return out;
}

/** Everything the report renderers need, from a project, a run and its comparison. */
export async function buildReportInput(opts: {
  project: Project;
  summary: RunSummary;
  comparison: Comparison | null;
  decision: ReportDecision;
  baseRef?: string | undefined;
  fullReport: string;
}): Promise<ReportInput> {
  // The cases themselves (a Case is a CaseInfo): a copy of each case's inputs was ~100 bytes a
  // case for a report that shows a few (JUnit and the JSON report name every case's location).
  const cases: Record<string, Record<string, CaseInfo>> = {};
  for (const s of opts.project.suites) {
    // No prototype: a case named "__proto__" is a case like any other.
    const byId: Record<string, CaseInfo> = Object.create(null);
    for (const c of s.cases) byId[c.id] = c;
    cases[s.name] = byId;
  }
  return {
    summary: opts.summary,
    comparison: opts.comparison,
    decision: opts.decision,
    cases,
    promptDiffs: await promptDiffs(opts.project, opts.comparison, opts.baseRef),
    reproduce: reproduceCommand(opts.summary),
    baseline: opts.baseRef
      ? `the baselines at ${opts.baseRef}`
      : "the baselines in the working tree",
    fullReport: opts.fullReport,
  };
}
