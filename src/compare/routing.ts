import type { z } from "zod";
import { GATE_DEFAULTS } from "../config/schema/gate.js";
import { isLlmRouter, type RouterConfig, type RoutingConfig } from "../config/schema/suite.js";
import type { Case } from "../dataset/types.js";
import type { RouterAnswer } from "../run/types.js";
import { routerModel } from "../suite/check-routers.js";
import type { Suite } from "../suite/types.js";
import { getOrSet } from "../util/map.js";
import { escapeRegex } from "../util/regex.js";
import { mean, round } from "../util/stats.js";
import type { GateCheck } from "./compare.js";
import {
  type CaseRecord,
  caseMean,
  errorCount,
  type ModelRecord,
  type RunRecords,
} from "./records.js";
import type { routingResultSchema } from "./schema.js";
import { decide as gateDecision, pairedDropTest } from "./stats.js";
import { referenceModel } from "./which-model.js";

/** Routing: every router of a suite against always-the-reference (comparison.json). */
export type RoutingResult = z.infer<typeof routingResultSchema>;
type RouterResult = RoutingResult["routers"][number];

/** The route a rule router sends a case to: the first rule whose every condition holds. */
export function routeCase(router: RouterConfig, c: Pick<Case, "tags" | "vars">): string {
  for (const rule of router.rules ?? []) {
    const { tag, vars } = rule.when;
    if (tag !== undefined && !(c.tags ?? []).includes(tag)) continue;
    if (vars && !Object.entries(vars).every(([k, v]) => sameValue(c.vars[k], v))) continue;
    return rule.route;
  }
  return router.default;
}

/**
 * The route an LLM router's answer names: trimmed and case-insensitive, the answer is a route's
 * name, or exactly one route's name appears in it as a whole word ("Route: hard."). Undefined
 * when it names none, or more than one.
 */
export function parseRoute(answer: string, routes: readonly string[]): string | undefined {
  const text = answer.trim().toLowerCase();
  const exact = routes.find((r) => r.toLowerCase() === text);
  if (exact !== undefined) return exact;
  const named = routes.filter((r) => wholeWord(r.toLowerCase()).test(text));
  return named.length === 1 ? named[0] : undefined;
}

/** A route name as a whole word: not inside a longer name of letters, digits, `_` or `-`. */
function wholeWord(name: string): RegExp {
  return new RegExp(`(^|[^\\w-])${escapeRegex(name)}($|[^\\w-])`);
}

/** YAML `1` and CSV `"1"` name the same value. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined) return false;
  if (typeof a === "object" || typeof b === "object")
    return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/** What routing reads of an LLM router's answer to a case. */
export type RouterAnswerOf = Pick<RouterAnswer, "answer" | "error" | "cost">;

export interface EvaluateRoutingInput {
  suite: string;
  routing: RoutingConfig;
  cases: readonly Pick<Case, "id" | "tags" | "vars" | "route">[];
  /** The suite's records per model: a matrix run of the same cases. */
  models: ReadonlyMap<string, ModelRecord>;
  /** LLM routers' answers, by router name then case id (routes.jsonl). */
  answers?: ReadonlyMap<string, ReadonlyMap<string, RouterAnswerOf>>;
  /** The model each LLM router calls, by router name. */
  routerModels?: Readonly<Record<string, string>>;
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
 * rule router calls nothing; an LLM router's calls were made by the run, routes.jsonl). An LLM
 * router's answer that names no route sends the case to `default` (counted `unparsed`); a failed
 * router call leaves the case out (counted `routerErrors`). Accuracy counts the cases labelled
 * with `route:`. Pure.
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

/** A router's decision on a case: a route, an LLM router's failed call, or no answer at all. */
type Decision =
  | { route: string; cost: number | null; unparsed: boolean }
  | { error: true }
  | undefined;

function decide(
  router: RouterConfig,
  c: Pick<Case, "id" | "tags" | "vars">,
  input: EvaluateRoutingInput,
): Decision {
  if (!isLlmRouter(router)) return { route: routeCase(router, c), cost: 0, unparsed: false };
  const a = input.answers?.get(router.name)?.get(c.id);
  if (!a) return undefined;
  if (a.error || a.answer === null) return { error: true };
  const named = parseRoute(a.answer, Object.keys(input.routing.routes));
  return { route: named ?? router.default, cost: a.cost, unparsed: named === undefined };
}

interface Picked {
  route: string;
  model: string;
  rec: CaseRecord;
  refRec: CaseRecord;
  routerCost: number | null;
}

const usable = (r: CaseRecord | undefined): r is CaseRecord =>
  r !== undefined && errorCount(r) === 0 && r.scores.length > 0;

function evaluateRouter(
  router: RouterConfig,
  input: EvaluateRoutingInput,
  ref: ModelRecord,
  alpha: number,
): RouterResult {
  const picked: Picked[] = [];
  const n = { labelled: 0, right: 0, unparsed: 0, errors: 0 };
  for (const c of input.cases) {
    const d = decide(router, c, input);
    if (d === undefined) continue;
    if ("error" in d) {
      n.errors++;
      continue;
    }
    if (d.unparsed) n.unparsed++;
    if (c.route !== undefined) {
      n.labelled++;
      if (c.route === d.route) n.right++;
    }
    const model = input.routing.routes[d.route];
    const rec = model === undefined ? undefined : input.models.get(model)?.cases[c.id];
    const refRec = ref.cases[c.id];
    if (model !== undefined && usable(rec) && usable(refRec))
      picked.push({ route: d.route, model, rec, refRec, routerCost: d.cost });
  }
  const diffs = picked.map((p) => caseMean(p.rec) - caseMean(p.refRec));
  const test = diffs.length > 0 ? pairedDropTest(diffs, alpha) : null;
  const llm = isLlmRouter(router);
  const routerCostPerCase = llm ? meanCost(picked.map((p) => p.routerCost)) : 0;
  const routed = meanCost(picked.map((p) => p.rec.cost));
  const refCost = meanCost(picked.map((p) => p.refRec.cost));
  const costPerCase =
    routed === null || routerCostPerCase === null ? null : round(routed + routerCostPerCase);
  const model = input.routerModels?.[router.name];
  return {
    router: router.name,
    kind: llm ? "llm" : "rules",
    ...(llm && model !== undefined ? { model } : {}),
    cases: picked.length,
    meanScore: round(picked.length ? mean(picked.map((p) => caseMean(p.rec))) : 0),
    referenceMeanScore: round(picked.length ? mean(picked.map((p) => caseMean(p.refRec))) : 0),
    drop: test ? round(test.drop) : null,
    dropUpper: test ? round(test.dropUpper) : null,
    nonInferior: test ? test.dropUpper <= input.margin : false,
    decision: test ? gateDecision(test, input.margin, alpha) : null,
    costPerCase,
    routerCostPerCase,
    unparsed: n.unparsed,
    routerErrors: n.errors,
    savingPct:
      costPerCase === null || refCost === null || refCost === 0
        ? null
        : round((refCost - costPerCase) / refCost),
    accuracy: n.labelled ? round(n.right / n.labelled) : null,
    labelled: n.labelled,
    routes: perRoute(input.routing, picked),
  };
}

function perRoute(routing: RoutingConfig, picked: readonly Picked[]): RouterResult["routes"] {
  return Object.entries(routing.routes).map(([route, model]) => {
    const mine = picked.filter((p) => p.route === route);
    return {
      route,
      model,
      cases: mine.length,
      meanScore: round(mine.length ? mean(mine.map((p) => caseMean(p.rec))) : 0),
      referenceMeanScore: round(mine.length ? mean(mine.map((p) => caseMean(p.refRec))) : 0),
      costPerCase: meanCost(mine.map((p) => p.rec.cost)),
    };
  });
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
  answers: readonly RouterAnswer[] = [],
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
      answers: answersOf(def.name, answers),
      routerModels: routerModelsOf(def),
      reference: ref,
      margin: def.gate.margin ?? GATE_DEFAULTS.margin,
      alpha: def.gate.alpha ?? GATE_DEFAULTS.alpha,
    });
    if (r) out.push(r);
  }
  return out;
}

/** A suite's LLM router answers by router and case (the last answer, should one repeat). */
function answersOf(
  suite: string,
  answers: readonly RouterAnswer[],
): Map<string, Map<string, RouterAnswerOf>> {
  const out = new Map<string, Map<string, RouterAnswerOf>>();
  for (const a of answers) {
    if (a.suite !== suite) continue;
    getOrSet(out, a.router, () => new Map<string, RouterAnswerOf>()).set(a.case, a);
  }
  return out;
}

function routerModelsOf(def: Suite): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of def.routing?.routers ?? []) {
    const model = isLlmRouter(r) ? routerModel(r, def.routerPrompts?.[r.name]) : undefined;
    if (model !== undefined) out[r.name] = model;
  }
  return out;
}

/**
 * `routing.gate`: the router a suite ships, judged by the gate's rule on its routed answers against
 * always-the-reference (the same cases, the router's share of alpha): a drop beyond the margin that
 * is significant fails the run; one the cases cannot rule out is inconclusive.
 */
export function routingGateCheck(routing: RoutingResult, router: string): GateCheck {
  const r = routing.routers.find((x) => x.router === router);
  const ref = routing.reference;
  if (!r || r.decision === null || r.drop === null || r.dropUpper === null)
    return {
      name: "routing",
      status: "skip",
      detail: `router ${router}: no case that every model involved answered without a failed call`,
    };
  const pts = (x: number) => `${(x * 100).toFixed(1)} points`;
  const detail = `router ${router} against always ${ref}: drop ${pts(r.drop)} (upper bound ${pts(r.dropUpper)}, margin ${pts(routing.margin)}) on ${r.cases} cases`;
  switch (r.decision) {
    case "fail":
      return { name: "routing", status: "fail", detail: `${detail}: it loses quality` };
    case "inconclusive":
      return {
        name: "routing",
        status: "inconclusive",
        detail: `${detail}: too few cases to tell`,
      };
    default:
      return { name: "routing", status: "pass", detail };
  }
}
