import type { z } from "zod";
import { GATE_DEFAULTS } from "../config/schema/gate.js";
import type { RouterConfig, RoutingConfig } from "../config/schema/suite.js";
import type { Case } from "../dataset/types.js";
import type { Suite } from "../suite/types.js";
import { mean, round } from "../util/stats.js";
import {
  type CaseRecord,
  caseMean,
  errorCount,
  type ModelRecord,
  type RunRecords,
} from "./records.js";
import type { routingResultSchema } from "./schema.js";
import { pairedDropTest } from "./stats.js";
import { referenceModel } from "./which-model.js";

/** Routing: every router of a suite against always-the-reference (comparison.json). */
export type RoutingResult = z.infer<typeof routingResultSchema>;
type RouterResult = RoutingResult["routers"][number];

/** The route a rule router sends a case to: the first rule whose every condition holds. */
export function routeCase(router: RouterConfig, c: Pick<Case, "tags" | "vars">): string {
  for (const rule of router.rules) {
    const { tag, vars } = rule.when;
    if (tag !== undefined && !(c.tags ?? []).includes(tag)) continue;
    if (vars && !Object.entries(vars).every(([k, v]) => sameValue(c.vars[k], v))) continue;
    return rule.route;
  }
  return router.default;
}

/** YAML `1` and CSV `"1"` name the same value. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined) return false;
  if (typeof a === "object" || typeof b === "object")
    return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

export interface EvaluateRoutingInput {
  suite: string;
  routing: RoutingConfig;
  cases: readonly Pick<Case, "id" | "tags" | "vars" | "route">[];
  /** The suite's records per model: a matrix run of the same cases. */
  models: ReadonlyMap<string, ModelRecord>;
  reference: string;
  margin: number;
  alpha: number;
}

/**
 * Each router's routed system, read from the matrix run: the routed answer to a case is the
 * answer its route's model already gave, so the routed score and cost are lookups. Quality is
 * the gate's paired non-inferiority test against always-the-reference on the cases every model
 * involved answered (alpha split over the routers, as "which model" splits it over models); the
 * saving is against the reference's cost on the same cases, the router's own cost included (a
 * rule router calls nothing). Accuracy counts the cases labelled with `route:`. Pure.
 */
export function evaluateRouting(input: EvaluateRoutingInput): RoutingResult | null {
  const ref = input.models.get(input.reference);
  if (!ref) return null;
  const alpha = input.alpha / input.routing.routers.length;
  const routers = input.routing.routers.map((r) => evaluateRouter(r, input, ref, alpha));
  const refCosts = input.cases.map((c) => ref.cases[c.id]?.cost ?? null);
  return {
    suite: input.suite,
    reference: input.reference,
    margin: input.margin,
    alpha: input.alpha,
    referenceCostPerCase: meanCost(refCosts),
    routers,
  };
}

function evaluateRouter(
  router: RouterConfig,
  input: EvaluateRoutingInput,
  ref: ModelRecord,
  alpha: number,
): RouterResult {
  const usable = (r: CaseRecord | undefined): r is CaseRecord =>
    r !== undefined && errorCount(r) === 0 && r.scores.length > 0;
  const picked: { route: string; model: string; rec: CaseRecord; refRec: CaseRecord }[] = [];
  let labelled = 0;
  let right = 0;
  for (const c of input.cases) {
    const route = routeCase(router, c);
    if (c.route !== undefined) {
      labelled++;
      if (c.route === route) right++;
    }
    const model = input.routing.routes[route];
    const rec = model === undefined ? undefined : input.models.get(model)?.cases[c.id];
    const refRec = ref.cases[c.id];
    if (model !== undefined && usable(rec) && usable(refRec))
      picked.push({ route, model, rec, refRec });
  }
  const diffs = picked.map((p) => caseMean(p.rec) - caseMean(p.refRec));
  const test = diffs.length > 0 ? pairedDropTest(diffs, alpha) : null;
  const routerCostPerCase = 0;
  const routed = meanCost(picked.map((p) => p.rec.cost));
  const refCost = meanCost(picked.map((p) => p.refRec.cost));
  const costPerCase = routed === null ? null : round(routed + routerCostPerCase);
  return {
    router: router.name,
    cases: picked.length,
    meanScore: round(picked.length ? mean(picked.map((p) => caseMean(p.rec))) : 0),
    referenceMeanScore: round(picked.length ? mean(picked.map((p) => caseMean(p.refRec))) : 0),
    drop: test ? round(test.drop) : null,
    dropUpper: test ? round(test.dropUpper) : null,
    nonInferior: test ? test.dropUpper <= input.margin : false,
    costPerCase,
    routerCostPerCase,
    savingPct:
      costPerCase === null || refCost === null || refCost === 0
        ? null
        : round((refCost - costPerCase) / refCost),
    accuracy: labelled ? round(right / labelled) : null,
    labelled,
    routes: Object.entries(input.routing.routes).map(([route, model]) => {
      const mine = picked.filter((p) => p.route === route);
      return {
        route,
        model,
        cases: mine.length,
        meanScore: round(mine.length ? mean(mine.map((p) => caseMean(p.rec))) : 0),
        referenceMeanScore: round(mine.length ? mean(mine.map((p) => caseMean(p.refRec))) : 0),
        costPerCase: meanCost(mine.map((p) => p.rec.cost)),
      };
    }),
  };
}

/** Mean of per-case costs; null when any is unknown or there are none. */
function meanCost(costs: readonly (number | null)[]): number | null {
  if (costs.length === 0 || costs.some((c) => c === null)) return null;
  return round(mean(costs as number[]));
}

/** Routing, for every suite of the run that declares `routing:` and ran its reference. */
export function routeSuites(
  suites: readonly Suite[],
  records: RunRecords,
  reference?: string,
): RoutingResult[] {
  const out: RoutingResult[] = [];
  for (const def of suites) {
    const models = records.get(def.name);
    if (!def.routing || !models) continue;
    const ref = referenceModel(models, def, reference);
    if (ref === undefined) continue;
    const r = evaluateRouting({
      suite: def.name,
      routing: def.routing,
      cases: def.cases,
      models,
      reference: ref,
      margin: def.gate.margin ?? GATE_DEFAULTS.margin,
      alpha: def.gate.alpha ?? GATE_DEFAULTS.alpha,
    });
    if (r) out.push(r);
  }
  return out;
}
