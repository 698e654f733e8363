import { basename, dirname, resolve } from "node:path";
import { readValidated } from "../config/read-validated.js";
import { isLlmRouter, suiteFileSchema } from "../config/schema/suite.js";
import type { Config } from "../config/types.js";
import { locate, type YamlSource } from "../config/yaml-source.js";
import { loadDataset, toCase } from "../dataset/load-cases.js";
import type { Case } from "../dataset/types.js";
import type { Problem } from "../errors.js";
import type { LoadedPrompt } from "../prompt/load-prompt.js";
import { toRel } from "../prompt/load-prompt.js";
import type { Prompt } from "../prompt/types.js";
import { digest } from "../util/hash.js";
import { isInside, isReallyInside } from "../util/inside.js";
import { checkRouterPrompts } from "./check-routers.js";
import { checkJudgeModels, checkSuiteCases } from "./check-suite.js";
import type { Budget, Suite } from "./types.js";

export const SUITE_SUFFIX = /\.eval\.ya?ml$/;
/** The judge gh-models uses for `uses: github/...` evaluators. */
export const GH_DEFAULT_JUDGE = "openai/gpt-4o";

export const PROMPT_SUFFIX = /\.prompt\.ya?ml$/;

// Nothing outside the repository is read, sent to a model or echoed in an error.
const OUTSIDE_HINT =
  "keep prompts and datasets inside the repository; symbolic links are followed before the check";

export type PromptLoader = (absPath: string) => Promise<LoadedPrompt>;

/**
 * A problem of a file the suite names: a located one stays as it is; one about the file as a
 * whole (not found, unreadable, wrong type) is located where the suite names the file.
 */
function locatedAt(
  p: Problem,
  field: string,
  rel: string,
  where: Pick<Problem, "file" | "line" | "col">,
): Problem {
  if (p.line !== undefined) return p;
  const notFound = p.message === "file not found";
  return {
    ...where,
    message: `${field}: ${notFound ? `file not found: ${rel}` : `${rel}: ${p.message}`}`,
    ...(notFound
      ? { hint: "the path is relative to the suite file" }
      : p.hint !== undefined
        ? { hint: p.hint }
        : {}),
  };
}

export { isInside };

/** Load an *.eval.yml suite with its prompt and datasets; every problem collected. */
export async function loadSuiteFile(
  absPath: string,
  config: Config,
  loadPrompt: PromptLoader,
): Promise<{ suite?: Suite; problems: Problem[] }> {
  const file = toRel(config.root, absPath);
  if (!(await isReallyInside(config.root, absPath)))
    return {
      problems: [{ file, message: "is outside the project (a symbolic link)", hint: OUTSIDE_HINT }],
    };
  const { data, source, problems } = await readValidated(absPath, file, suiteFileSchema);
  if (!data || !source) return { problems };
  const at = (path: PropertyKey[]) => ({ file, ...locate(source, path) });
  const out: Problem[] = [];
  const dir = dirname(absPath);

  const promptPath = resolve(dir, data.prompt);
  let prompt: Prompt | undefined;
  if (!(await isReallyInside(config.root, promptPath))) {
    out.push({
      ...at(["prompt"]),
      message: `prompt: "${data.prompt}" is outside the project`,
      hint: OUTSIDE_HINT,
    });
  } else {
    const loaded = await loadPrompt(promptPath);
    const rel = toRel(config.root, promptPath);
    out.push(...loaded.problems.map((p) => locatedAt(p, "prompt", rel, at(["prompt"]))));
    prompt = loaded.prompt;
  }

  const routerPrompts: Record<string, Prompt> = {};
  for (const [i, router] of (data.routing?.routers ?? []).entries()) {
    if (!isLlmRouter(router)) continue;
    const path = ["routing", "routers", i, "prompt"];
    const abs = resolve(dir, router.prompt);
    if (!(await isReallyInside(config.root, abs))) {
      out.push({
        ...at(path),
        message: `router ${router.name}: prompt "${router.prompt}" is outside the project`,
        hint: OUTSIDE_HINT,
      });
      continue;
    }
    const loaded = await loadPrompt(abs);
    const rel = toRel(config.root, abs);
    out.push(
      ...loaded.problems.map((p) => locatedAt(p, `router ${router.name}: prompt`, rel, at(path))),
    );
    if (loaded.prompt) routerPrompts[router.name] = loaded.prompt;
  }

  const cases: Case[] = (data.cases ?? []).map((c, i) =>
    toCase(c, file, locate(source, ["cases", i]).line),
  );
  const datasets: string[] = [];
  const datasetList = data.dataset === undefined ? [] : ([] as string[]).concat(data.dataset);
  for (const [i, d] of datasetList.entries()) {
    const abs = resolve(dir, d);
    const path = typeof data.dataset === "string" ? ["dataset"] : ["dataset", i];
    if (!(await isReallyInside(config.root, abs))) {
      out.push({
        ...at(path),
        message: `dataset: "${d}" is outside the project`,
        hint: OUTSIDE_HINT,
      });
      continue;
    }
    const rel = toRel(config.root, abs);
    datasets.push(rel);
    const loaded = await loadDataset(abs, rel);
    out.push(...loaded.problems.map((p) => locatedAt(p, "dataset", rel, at(path))));
    cases.push(...loaded.cases);
  }
  if (cases.length === 0 && out.length === 0) {
    out.push({ ...at([]), message: "the suite has no cases", hint: "add cases: or dataset:" });
  }
  if (!prompt) return { problems: out };

  const suite: Suite = {
    name: data.name ?? basename(file).replace(SUITE_SUFFIX, ""),
    kind: "suite",
    file,
    description: data.description ?? prompt.data.description ?? "",
    prompt,
    models: data.models ?? (prompt.model ? [prompt.model] : []),
    trials: data.trials ?? 1,
    judge: data.judge,
    scorers: data.scorers ?? [],
    cases,
    gate: { ...config.gate, ...data.gate },
    groupBy: data.groupBy,
    datasets,
    routing: data.routing,
    ...(Object.keys(routerPrompts).length ? { routerPrompts } : {}),
    budget: mergeBudget(prompt.data.llmops?.budget, data.budget),
  };
  if (suite.models.length === 0)
    out.push({
      ...at([]),
      message: `no model to run: neither the suite nor ${prompt.file} names one`,
      hint: "add models: [...] to the suite or model: to the prompt file",
    });
  if (data.gate?.maxGroupGap !== undefined && !data.groupBy)
    out.push({
      ...at(["gate", "maxGroupGap"]),
      message: "maxGroupGap needs the suite's groupBy: it says which group each case is in",
      hint: 'add groupBy: "tag:<prefix>" (tags like "lang:fr") or groupBy: "vars.<name>"',
    });
  out.push(...checkRouting(suite, (path) => at(["routing", ...path])));
  out.push(...checkRouterPrompts(suite, config, (path) => at(["routing", ...path])));
  out.push(...checkSuiteCases(suite).problems);
  out.push(
    ...checkJudgeModels(suite, config, (k) =>
      locate(source, k === "judge" ? ["judge"] : ["scorers", k.scorer, "model"]),
    ),
  );
  return out.length > 0 ? { problems: out } : { suite, problems: [] };
}

/**
 * A prompt file with testData is a suite by itself. As in gh-models, every row is a case and its
 * `id` field stays a variable too; rows without an id (or with the same one) get stable ids. A
 * variable a row lacks is a warning (sent as written, like gh-models) unless `strict`.
 */
export function suiteFromPrompt(
  prompt: Prompt,
  source: YamlSource,
  config: Config,
  opts: { strict?: boolean; warnings?: Problem[] } = {},
): { suite?: Suite; problems: Problem[] } {
  const rows = prompt.data.testData ?? [];
  const used = new Map<string, number>();
  const cases = rows.map((row, i): Case => {
    const base = row.id === undefined || row.id === null ? `row-${digest(row, 8)}` : String(row.id);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return toCase(
      { id: n === 1 ? base : `${base}~${n}`, vars: row, expected: row.expected },
      prompt.file,
      locate(source, ["testData", i]).line,
    );
  });
  const ll = prompt.data.llmops ?? {};
  const suite: Suite = {
    name: basename(prompt.file).replace(PROMPT_SUFFIX, ""),
    kind: "prompt",
    file: prompt.file,
    description: prompt.description ?? prompt.name,
    prompt,
    models: ll.models ?? (prompt.model ? [prompt.model] : []),
    trials: ll.trials ?? 1,
    // gh-models judges its github/* evaluators with openai/gpt-4o; llmops: or llmops.yaml may say otherwise.
    judge: ll.judge ?? (config.judge ? undefined : GH_DEFAULT_JUDGE),
    scorers: [...prompt.scorers, ...(ll.scorers ?? [])],
    cases,
    // gh models eval exits 1 on any failed test: a prompt file's testData must all pass.
    gate: { minPassRate: 1, ...config.gate, ...ll.gate },
    groupBy: undefined,
    datasets: [],
    budget: mergeBudget(ll.budget, undefined),
  };
  const own = prompt.scorers.length;
  const checked = checkSuiteCases(suite, opts.strict ? {} : { missingVariables: "warn" });
  opts.warnings?.push(...checked.warnings);
  const problems = [
    ...(suite.models.length === 0
      ? [
          {
            file: prompt.file,
            ...locate(source, ["testData"]),
            message: "testData needs a model to run, and the file names none",
            hint: "add model: to the file, or llmops: {models: [...]}",
          },
        ]
      : []),
    ...checked.problems,
    ...checkJudgeModels(suite, config, (k) =>
      k === "judge"
        ? locate(source, ["llmops", "judge"])
        : k.scorer < own
          ? locate(source, ["evaluators", k.scorer])
          : locate(source, ["llmops", "scorers", k.scorer - own, "model"]),
    ),
  ];
  return problems.length ? { problems } : { suite, problems: [] };
}

/** Every route a router names exists, and every route's model runs in the suite. */
function checkRouting(
  suite: Suite,
  at: (path: (string | number)[]) => Omit<Problem, "message">,
): Problem[] {
  const r = suite.routing;
  if (!r) return [];
  const out: Problem[] = [];
  const routes = Object.keys(r.routes);
  for (const [name, model] of Object.entries(r.routes))
    if (!suite.models.includes(model))
      out.push({
        ...at(["routes", name]),
        message: `route "${name}" sends to ${model}, which the suite does not run`,
        hint: `add ${model} to the suite's models: routing reads each model's answers from the run`,
      });
  const check = (route: string, path: (string | number)[]) => {
    if (!routes.includes(route))
      out.push({
        ...at(path),
        message: `route "${route}" is not one of routing.routes (${routes.join(", ")})`,
        hint: "name a route declared under routing.routes",
      });
  };
  const names = r.routers.map((x) => x.name);
  if (r.gate !== undefined && !names.includes(r.gate))
    out.push({
      ...at(["gate"]),
      message: `routing.gate names router "${r.gate}", which routing.routers does not declare`,
      hint: `use one of: ${names.join(", ")}`,
    });
  r.routers.forEach((router, i) => {
    check(router.default, ["routers", i, "default"]);
    (router.rules ?? []).forEach((rule, j) => {
      check(rule.route, ["routers", i, "rules", j, "route"]);
    });
  });
  for (const c of suite.cases)
    if (c.route !== undefined && !routes.includes(c.route))
      out.push({
        file: c.file,
        line: c.line,
        message: `case "${c.id}" is labelled with route "${c.route}", which routing.routes does not declare`,
        hint: `use one of: ${routes.join(", ")}`,
      });
  return out;
}

/** The suite's budget fields over the prompt's; undefined when neither sets one. */
function mergeBudget(prompt: Budget | undefined, suite: Budget | undefined): Budget | undefined {
  const b = { ...prompt, ...suite };
  return b.inputTokens === undefined && b.outputTokens === undefined ? undefined : b;
}
