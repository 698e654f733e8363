/**
 * Routing, for the markdown and terminal reports: per suite, each router's routed system against
 * always-the-reference (quality, non-inferiority, cost with the router's own, saving, accuracy),
 * side by side, and per route where the cases went and how they scored.
 */
import type { RoutingResult } from "../compare/routing.js";
import { caseCode } from "./markdown-cases.js";
import { fmtPct, fmtUsd } from "./terminal.js";

export const ROUTER_HEAD = [
  "router",
  "cases",
  "score",
  "vs reference",
  "non-inferior",
  "cost/case",
  "saving",
  "accuracy",
];

type Router = RoutingResult["routers"][number];

/** The column an LLM router adds: its own calls' cost, answers naming no route, failed calls. */
const LLM_HEAD = ["router calls"];

const hasLlm = (r: RoutingResult) => r.routers.some((x) => x.kind === "llm");

/** The head of a suite's router table: LLM router columns only when the suite has one. */
export function routerHead(r: RoutingResult): string[] {
  return hasLlm(r) ? [...ROUTER_HEAD, ...LLM_HEAD] : ROUTER_HEAD;
}

/** A suite's router rows, matching routerHead. */
export function routerRows(r: RoutingResult): string[][] {
  const llm = hasLlm(r);
  return r.routers.map((x) => (llm ? [...routerRow(x), ...llmCells(x)] : routerRow(x)));
}

function llmCells(r: Router): string[] {
  if (r.kind !== "llm") return ["none (rules)"];
  const on = r.model ? ` on ${r.model}` : "";
  return [
    `${fmtUsd(r.routerCostPerCase)}/case${on}; ${r.unparsed} unparsed, ${r.routerErrors} failed`,
  ];
}

/** One router's row (terminal and markdown). */
export function routerRow(r: Router): string[] {
  const diff = r.meanScore - r.referenceMeanScore;
  return [
    r.router,
    String(r.cases),
    r.meanScore.toFixed(3),
    `${diff > 0 ? "+" : ""}${diff.toFixed(3)}`,
    r.dropUpper === null
      ? "no pairs"
      : `${r.nonInferior ? "yes" : "no"} (≤ ${fmtPct(r.dropUpper)})`,
    fmtUsd(r.costPerCase),
    r.savingPct === null ? "unknown" : fmtPct(r.savingPct),
    r.accuracy === null ? "no labels" : `${fmtPct(r.accuracy)} of ${r.labelled}`,
  ];
}

/** The headline of a suite's routing: the cheapest router not worse than the reference. */
export function routingLine(r: RoutingResult, code: (s: string) => string = (s) => s): string {
  const ok = r.routers
    .filter((x) => x.nonInferior && x.savingPct !== null && x.savingPct > 0)
    .sort((a, b) => (b.savingPct ?? 0) - (a.savingPct ?? 0))[0];
  const margin = `${(r.margin * 100).toFixed(1)} points`;
  if (!ok)
    return `${code(r.suite)}: no router is shown within ${margin} of always ${code(r.reference)} while saving: keep the reference.`;
  return `${code(r.suite)}: router ${code(ok.router)} is not worse than always ${code(r.reference)} by more than ${margin} and saves ${fmtPct(ok.savingPct ?? 0)} (its own cost included).`;
}

/** The markdown "Routing" section, or null when no suite declares routing. */
export function renderRouting(routing: readonly RoutingResult[] | undefined): string | null {
  if (!routing?.length) return null;
  const code = caseCode;
  const out = ["### Routing"];
  for (const r of routing) {
    out.push("", `**${routingLine(r, code)}**`, "");
    const head = routerHead(r);
    out.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
    for (const row of routerRows(r))
      out.push(`| ${row.map((v, i) => (i === 0 ? code(v) : v)).join(" | ")} |`);
    out.push(
      "",
      "<details><summary>Per route: cases sent, score, the reference's score, cost</summary>",
      "",
    );
    out.push(
      "| router | route | model | cases | score | reference | cost/case |",
      "|---|---|---|---|---|---|---|",
    );
    for (const x of r.routers)
      for (const rt of x.routes.filter((y) => y.cases > 0))
        out.push(
          `| ${code(x.router)} | ${code(rt.route)} | ${code(rt.model)} | ${rt.cases} | ${rt.meanScore.toFixed(3)} | ${rt.referenceMeanScore.toFixed(3)} | ${fmtUsd(rt.costPerCase)} |`,
        );
    out.push("", "</details>");
  }
  out.push(
    "",
    "The routed answer to each case is the answer its route's model gave in this run. Non-inferior: the one-sided upper bound of the drop against always-the-reference, on the same cases, is within the gate's margin (alpha split over the routers). Saving: against the reference's cost on the same cases, the router's own calls included. Accuracy: cases labelled `route:` that the router sent there.",
  );
  if (routing.some(hasLlm))
    out.push(
      "",
      "An LLM router is called once per case; its answer names a route (else the case takes the router's default: unparsed). A case whose router call failed is left out of that router's comparison (router errors).",
    );
  return out.join("\n");
}
