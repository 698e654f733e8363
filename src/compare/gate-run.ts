import { readResults } from "../run/run-dir.js";
import type { RunSummary } from "../run/types.js";
import type { Project } from "../suite/types.js";
import { type Baseline, type BaselineSource, readBaseline, writeBaseline } from "./baseline.js";
import { type Comparison, compareRuns } from "./compare.js";
import { type ModelRecord, recordsFromResults } from "./records.js";

/** Whether a run covered every case of its suites, completely. */
export function isPartial(summary: RunSummary): boolean {
  const o = summary.meta.options;
  return summary.status !== "complete" || o.filter.length > 0 || o.shard !== null || o.judgeOnly;
}

/** Compare a finished run folder with the baselines of its suites. */
export async function compareRunDir(
  project: Project,
  runDir: string,
  summary: RunSummary,
  source: BaselineSource,
): Promise<{
  comparison: Comparison;
  records: Map<string, Map<string, ModelRecord>>;
  baselines: Map<string, Baseline | undefined>;
}> {
  const records = await recordsFromResults(readResults(runDir));
  const baselines = new Map<string, Baseline | undefined>();
  for (const suite of records.keys())
    baselines.set(suite, await readBaseline(project.config, suite, source));
  const gates = new Map(project.suites.map((s) => [s.name, s.gate]));
  const comparison = compareRuns({
    candidate: records,
    baselines,
    gates,
    partial: isPartial(summary),
  });
  return { comparison, records, baselines };
}

/**
 * Rewrite the baselines of the suites that ran: the models that ran replace their entries,
 * other models stay. Returns the files written.
 */
export async function updateBaselines(
  project: Project,
  records: Map<string, Map<string, ModelRecord>>,
): Promise<string[]> {
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
