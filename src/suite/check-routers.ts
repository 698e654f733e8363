import { isLlmRouter, type LlmRouterConfig } from "../config/schema/suite.js";
import type { Config } from "../config/types.js";
import type { Problem } from "../errors.js";
import { lookupVariable } from "../prompt/template.js";
import type { Prompt } from "../prompt/types.js";
import { unknownModel } from "../provider/known-model.js";
import { didYouMean } from "../util/did-you-mean.js";
import type { Suite } from "./types.js";

type At = (path: (string | number)[]) => Omit<Problem, "message">;

/** The model an LLM router calls: its own `model:`, else its prompt's. */
export function routerModel(
  router: LlmRouterConfig,
  prompt: Prompt | undefined,
): string | undefined {
  return router.model ?? prompt?.model;
}

/**
 * What the schema cannot see about a suite's routers: names used twice, and for every LLM router
 * a model that resolves and prompt variables every case provides (prompts render strictly).
 * Problems are located at the router's `model:` or `prompt:` in the suite file.
 */
export function checkRouterPrompts(suite: Suite, config: Config, at: At): Problem[] {
  const routers = suite.routing?.routers ?? [];
  const out: Problem[] = [];
  const seen = new Set<string>();
  routers.forEach((router, i) => {
    if (seen.has(router.name))
      out.push({
        ...at(["routers", i, "name"]),
        message: `router name "${router.name}" is used twice`,
        hint: "routers are reported by name: give each its own",
      });
    seen.add(router.name);
    if (!isLlmRouter(router)) return;
    const prompt = suite.routerPrompts?.[router.name];
    if (!prompt) return;
    out.push(...checkModel(router, prompt, config, (p) => at(["routers", i, ...p])));
    out.push(...checkVariables(suite, router, prompt, at(["routers", i, "prompt"])));
  });
  return out;
}

function checkModel(router: LlmRouterConfig, prompt: Prompt, config: Config, at: At): Problem[] {
  const model = routerModel(router, prompt);
  const where = at([router.model ? "model" : "prompt"]);
  if (model === undefined)
    return [
      {
        ...where,
        message: `router ${router.name}: no model to call: neither the router nor ${prompt.file} names one`,
        hint: "add model: to the router, or model: to its prompt file",
      },
    ];
  const unknown = unknownModel(config, model);
  return unknown
    ? [{ ...where, message: `router ${router.name}: ${unknown.message}`, hint: unknown.hint }]
    : [];
}

function checkVariables(
  suite: Suite,
  router: LlmRouterConfig,
  prompt: Prompt,
  where: Omit<Problem, "message">,
): Problem[] {
  const out: Problem[] = [];
  const provided = [...new Set(suite.cases.flatMap((c) => Object.keys(c.vars)))];
  for (const v of prompt.variables) {
    const lacking = suite.cases.filter((c) => lookupVariable(c.vars, v) === undefined);
    if (lacking.length === 0) continue;
    const ids = lacking.map((c) => `"${c.id}"`);
    const listed =
      ids.length > 6 ? `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more` : ids.join(", ");
    const guess = didYouMean(v, provided);
    out.push({
      ...where,
      message: `router ${router.name}: the prompt ${prompt.file} uses {{${v}}}, which ${lacking.length === suite.cases.length ? "no case" : lacking.length === 1 ? "case" : `${lacking.length} cases:`}${lacking.length === suite.cases.length ? " provides" : ` ${listed} ${lacking.length === 1 ? "does" : "do"} not provide`}`,
      hint: guess
        ? `did you mean {{${guess}}}?`
        : provided.length
          ? `the cases' vars are: ${provided.join(", ")}`
          : "the cases have no vars; add vars: {...}",
    });
  }
  return out;
}
