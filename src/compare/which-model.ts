import type { z } from "zod";
import { GATE_DEFAULTS } from "../config/schema/gate.js";
import type { Suite } from "../suite/types.js";
import { mean, round } from "../util/stats.js";
import { caseMean, errorCount, type ModelRecord, type RunRecords, recordStats } from "./records.js";
import type { modelChoiceSchema } from "./schema.js";
import { pairedDropTest } from "./stats.js";

/** Which model: every model of a matrix run compared with a reference (comparison.json). */
export type ModelChoice = z.infer<typeof modelChoiceSchema>;

export interface ChooseModelInput {
  suite: string;
  /** The suite's records per model: a matrix run of the same cases. */
  models: ReadonlyMap<string, ModelRecord>;
  /** The model the others are compared with (the suite's default model, or `--reference`). */
  reference: string;
  margin: number;
  alpha: number;
  /** Each case's tags, for the per-tag slices. */
  tags?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Which model: each model's paired non-inferiority test against the reference on the cases both
 * scored ("worse by more than the margin?": non-inferior when the one-sided upper bound of the
 * drop is within the margin), the models ranked by cost per case, the Pareto front of quality,
 * cost and latency, and the cheapest non-inferior model cheaper than the reference with its
 * saving. With several candidates the bound is Bonferroni-corrected (alpha / candidates), so the
 * chance of recommending any model worse than the margin stays within alpha. Pure.
 */
export function chooseModel(input: ChooseModelInput): ModelChoice | null {
  const ref = input.models.get(input.reference);
  if (!ref || input.models.size < 2) return null;
  const candidates = input.models.size - 1;
  const alpha = input.alpha / candidates;
  const refStats = recordStats(ref);
  const rows: ModelChoice["models"] = [];
  for (const [model, rec] of [...input.models].sort(([a], [b]) => a.localeCompare(b))) {
    const stats = recordStats(rec);
    const isReference = model === input.reference;
    const diffs = isReference ? [] : pairedDiffs(rec, ref);
    const test = diffs.length > 0 ? pairedDropTest(diffs, alpha) : null;
    rows.push({
      model,
      reference: isReference,
      passRate: stats.passRate,
      meanScore: stats.meanScore,
      costPerCase: stats.costPerCase,
      latencyP95: stats.latencyP95,
      errorRate: stats.errorRate,
      paired: diffs.length,
      drop: test ? round(test.drop) : null,
      dropUpper: test ? round(test.dropUpper) : null,
      nonInferior: isReference ? true : test ? test.dropUpper <= input.margin : false,
      pareto: false,
    });
  }
  markPareto(rows);
  rows.sort((a, b) => (a.costPerCase ?? Infinity) - (b.costPerCase ?? Infinity));
  const refCost = refStats.costPerCase;
  const best =
    refCost === null
      ? undefined
      : rows.find(
          (r) => !r.reference && r.nonInferior && r.costPerCase !== null && r.costPerCase < refCost,
        );
  return {
    suite: input.suite,
    reference: input.reference,
    margin: input.margin,
    alpha: input.alpha,
    models: rows,
    recommended:
      best && refCost !== null && best.costPerCase !== null
        ? {
            model: best.model,
            savingPct: round((refCost - best.costPerCase) / refCost),
            savingPer1k: round((refCost - best.costPerCase) * 1000),
          }
        : null,
    slices: input.tags ? tagSlices(input.models, input.reference, input.tags) : [],
  };
}

/**
 * Which model, for every suite of a run that ran on several models. The reference is `reference`
 * when the suite ran it, else the suite's default model (the first of its `models:`), else the
 * first model that ran; the margin and alpha are the suite's gate's.
 */
export function chooseModels(
  suites: readonly Suite[],
  records: RunRecords,
  reference?: string,
): ModelChoice[] {
  const out: ModelChoice[] = [];
  for (const [suite, models] of [...records].sort(([a], [b]) => a.localeCompare(b))) {
    if (models.size < 2) continue;
    const def = suites.find((s) => s.name === suite);
    const ref = referenceModel(models, def, reference)!;
    const choice = chooseModel({
      suite,
      models,
      reference: ref,
      margin: def?.gate.margin ?? GATE_DEFAULTS.margin,
      alpha: def?.gate.alpha ?? GATE_DEFAULTS.alpha,
      tags: new Map((def?.cases ?? []).filter((c) => c.tags?.length).map((c) => [c.id, c.tags!])),
    });
    if (choice) out.push(choice);
  }
  return out;
}

/**
 * The model a matrix run is compared with: `reference` when the suite ran it, else the suite's
 * default model (the first of its `models:`), else the first model that ran, by name.
 */
export function referenceModel(
  models: ReadonlyMap<string, unknown>,
  def: Pick<Suite, "models"> | undefined,
  reference: string | undefined,
): string | undefined {
  const ran = [...models.keys()].sort();
  return [reference, def?.models[0], ran[0]].find((m) => m !== undefined && models.has(m));
}

/** Candidate minus reference mean score, per case both scored without a failed call. */
function pairedDiffs(cand: ModelRecord, ref: ModelRecord): number[] {
  const out: number[] = [];
  for (const id of Object.keys(cand.cases).sort()) {
    const c = cand.cases[id]!;
    const r = ref.cases[id];
    if (!r || errorCount(c) > 0 || errorCount(r) > 0) continue;
    out.push(caseMean(c) - caseMean(r));
  }
  return out;
}

/**
 * A model is on the Pareto front when no other model is at least as good on quality (mean score),
 * cost and latency and strictly better on one. An unknown cost or latency is not compared.
 */
function markPareto(rows: ModelChoice["models"]): void {
  const le = (a: number | null, b: number | null) => a === null || b === null || a <= b;
  const lt = (a: number | null, b: number | null) => a !== null && b !== null && a < b;
  for (const r of rows)
    r.pareto = !rows.some(
      (o) =>
        o !== r &&
        o.meanScore >= r.meanScore &&
        le(o.costPerCase, r.costPerCase) &&
        le(o.latencyP95, r.latencyP95) &&
        (o.meanScore > r.meanScore ||
          lt(o.costPerCase, r.costPerCase) ||
          lt(o.latencyP95, r.latencyP95)),
    );
}

/** Per tag and model: cases, mean score and the mean difference from the reference. */
function tagSlices(
  models: ReadonlyMap<string, ModelRecord>,
  reference: string,
  tags: ReadonlyMap<string, readonly string[]>,
): ModelChoice["slices"] {
  const byTag = new Map<string, string[]>();
  for (const [id, ts] of tags) for (const t of ts) byTag.set(t, [...(byTag.get(t) ?? []), id]);
  const ref = models.get(reference)!;
  const out: ModelChoice["slices"] = [];
  for (const [tag, ids] of [...byTag].sort(([a], [b]) => a.localeCompare(b)))
    for (const [model, rec] of [...models].sort(([a], [b]) => a.localeCompare(b))) {
      const scored = ids.filter((id) => rec.cases[id] && ref.cases[id]);
      if (scored.length === 0) continue;
      const scores = scored.map((id) => caseMean(rec.cases[id]!));
      const refScores = scored.map((id) => caseMean(ref.cases[id]!));
      out.push({
        tag,
        model,
        cases: scored.length,
        meanScore: round(mean(scores)),
        diff: round(mean(scores) - mean(refScores)),
      });
    }
  return out;
}
