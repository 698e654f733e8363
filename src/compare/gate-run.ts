import { readResults, readRouterAnswers } from "../run/run-dir.js";
import type { RunSummary } from "../run/types.js";
import { suiteGroups } from "../suite/groups.js";
import type { Project } from "../suite/types.js";
import { type Baseline, type BaselineSource, readBaseline, writeBaseline } from "./baseline.js";
import { addSuiteCheck, type Comparison, compareRuns } from "./compare.js";
import { attachOutputs } from "./record-builder.js";
import { errorCount, type RunRecords, recordsFromResults } from "./records.js";
import { type RoutingResult, routeSuites, routingGateCheck } from "./routing.js";
import { chooseModels } from "./which-model.js";

/** Whether a run covered every case of its suites, completely. */
export function isPartial(summary: RunSummary): boolean {
  const o = summary.meta.options;
  return summary.status !== "complete" || o.filter.length > 0 || o.shard !== null || o.judgeOnly;
}

/**
 * Compare a finished run folder with the baselines of its suites. `records` are the run's records
 * folded while it ran (else they are read from its results); either way they hold no outputs but
 * those of the cases a report shows, read in one pass afterwards.
 */
export async function compareRunDir(
  project: Project,
  runDir: string,
  summary: RunSummary,
  source: BaselineSource,
  folded?: RunRecords,
  reference?: string,
): Promise<{
  comparison: Comparison;
  records: RunRecords;
  baselines: Map<string, Baseline | undefined>;
}> {
  const records = folded ?? (await recordsFromResults(readResults(runDir), { outputs: false }));
  const baselines = new Map<string, Baseline | undefined>();
  for (const suite of records.keys())
    baselines.set(suite, await readBaseline(project.config, suite, source));
  const gates = new Map(project.suites.map((s) => [s.name, s.gate]));
  const comparison = compareRuns({
    candidate: records,
    baselines,
    gates,
    groups: suiteGroups(project.suites),
    partial: isPartial(summary),
  });
  const choices = chooseModels(project.suites, records, reference);
  if (choices.length > 0) comparison.modelChoices = choices;
  const routing = routeSuites(project.suites, records, reference, await readRouterAnswers(runDir));
  if (routing.length > 0) comparison.routing = routing;
  gateRouters(project, routing, comparison);
  const shown = shownCases(comparison);
  if (shown.size > 0)
    await attachOutputs(records, readResults(runDir), (suite, model, id) =>
      shown.has(caseKey(suite, model, id)),
    );
  return { comparison, records, baselines };
}

/** `routing.gate`: each suite's shipped router is a check of the suite on its reference model. */
function gateRouters(project: Project, routing: RoutingResult[], comparison: Comparison): void {
  for (const suite of project.suites) {
    const router = suite.routing?.gate;
    const r = routing.find((x) => x.suite === suite.name);
    if (router === undefined || !r) continue;
    addSuiteCheck(comparison, suite.name, r.reference, routingGateCheck(r, router));
  }
}

const caseKey = (suite: string, model: string, id: string) => `${suite}\u0000${model}\u0000${id}`;

/** The candidate cases whose outputs a report shows: regressed, failing or errored ones. */
function shownCases(comparison: Comparison): Set<string> {
  const out = new Set<string>();
  for (const s of comparison.suites)
    for (const ch of s.changes) {
      const c = ch.candidate;
      if (!c) continue;
      if (ch.status === "regressed" || c.passes < c.scores.length || errorCount(c) > 0)
        out.add(caseKey(s.suite, s.model, ch.id));
    }
  return out;
}

/**
 * Rewrite the baselines of the suites that ran: the models that ran replace their entries,
 * other models stay. Returns the files written.
 */
export async function updateBaselines(
  project: Project,
  records: RunRecords,
  runDir: string,
): Promise<string[]> {
  // A baseline keeps every case's outputs: read them now, one pass, only on this path.
  await attachOutputs(records, readResults(runDir), () => true);
  const written: string[] = [];
  for (const [suite, models] of [...records].sort(([a], [b]) => a.localeCompare(b))) {
    const def = project.suites.find((s) => s.name === suite);
    if (!def) continue;
    const current = await readBaseline(project.config, suite, { kind: "working-tree" });
    const baseline: Baseline = {
      schemaVersion: 1,
      suite,
      prompt: def.prompt.file,
      // Models the suite no longer runs leave the baseline; models not run this time stay.
      models: {
        ...Object.fromEntries(
          Object.entries(current?.models ?? {}).filter(([m]) => def.models.includes(m)),
        ),
        ...Object.fromEntries(models),
      },
    };
    written.push(await writeBaseline(project.config, baseline));
  }
  return written;
}
