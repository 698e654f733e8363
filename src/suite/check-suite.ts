import { readFileSync } from "node:fs";
import { judgeScorerTypes, type ScorerConfig } from "../config/schema/scorers.js";
import { requirementsOf, scorerName } from "../config/scorer-config.js";
import type { Config } from "../config/types.js";
import type { Location } from "../config/yaml-source.js";
import type { Case } from "../dataset/types.js";
import type { Problem } from "../errors.js";
import { lookupVariable, templateVariables } from "../prompt/template.js";
import { judgeModel, unknownModel } from "../provider/known-model.js";
import { didYouMean } from "../util/did-you-mean.js";
import { getOrSet } from "../util/map.js";
import { escapeRegex } from "../util/regex.js";
import type { Suite } from "./types.js";

/** Names a scorer template may use besides the case's variables. */
const SCORER_CONTEXT = new Set(["output", "completion", "vars", "expected"]);
const TEMPLATE_FIELDS = [
  "value",
  "values",
  "contains",
  "prompt",
  "systemPrompt",
  "rubric",
  "criterion",
  "pattern",
  "matches",
] as const;

/** The template texts of a scorer's configuration. */
export function scorerTemplates(s: ScorerConfig, kind: "suite" | "prompt" = "suite"): string[] {
  const out: string[] = [];
  for (const field of TEMPLATE_FIELDS) {
    // In a prompt file an llm-classify system prompt is sent as written, as gh-models sends it.
    if (kind === "prompt" && field === "systemPrompt" && s.type === "llm-classify") continue;
    const v = (s as Record<string, unknown>)[field];
    if (typeof v === "string") out.push(v);
    if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === "string"));
  }
  return out;
}

/**
 * Problems a suite's cases have that the schema cannot see: duplicate ids, prompt variables a
 * case does not provide, scorer variables that no case or scorer context defines.
 */
export function checkSuiteCases(
  suite: Suite,
  opts: { missingVariables?: "error" | "warn" } = {},
): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const seen = new Map<string, Case>();
  /** Prompt variable -> the cases that do not provide it. */
  const lacking = new Map<string, Case[]>();
  for (const c of suite.cases) {
    const at = { file: c.file, line: c.line, col: 1 };
    const first = seen.get(c.id);
    if (first) {
      problems.push({
        ...at,
        message: `duplicate case id "${c.id}" in suite ${suite.name}`,
        hint: `first used at ${first.file}:${first.line}; ids must be unique, results are matched by id`,
      });
      continue;
    }
    seen.set(c.id, c);
    for (const v of suite.prompt.variables)
      if (lookupVariable(c.vars, v) === undefined) getOrSet(lacking, v, () => []).push(c);
    for (const s of [...suite.scorers, ...c.scorers]) {
      const label = scorerName(s);
      const unknown = scorerTemplates(s, suite.kind)
        .flatMap(templateVariables)
        .filter((v) => !resolvable(v, c));
      if (unknown.length > 0) {
        problems.push({
          ...at,
          message: `case "${c.id}": scorer ${label} uses ${[...new Set(unknown)].map((m) => `{{${m}}}`).join(", ")}, which the case does not provide`,
          hint: hintVars(c),
        });
      }
      for (const need of requirementsOf(s)) {
        if (need.kind === "expected" && c.expected === undefined) {
          problems.push({
            ...at,
            message: `case "${c.id}": scorer ${label} compares with the expected answer, but the case has no expected`,
            hint: "add expected: to the case, or give the scorer a value",
          });
        }
        if (
          need.kind === "var" &&
          !need.names.some((n) => lookupVariable(c.vars, n) !== undefined)
        ) {
          problems.push({
            ...at,
            message: `case "${c.id}": scorer ${label} needs the ${need.label} in ${need.names.length > 1 ? `one of the variables ${need.names.join(", ")}` : `the variable ${need.names[0]}`}`,
            hint: hintVars(c),
          });
        }
      }
    }
  }
  const warn = opts.missingVariables === "warn";
  for (const [v, cases] of lacking) {
    const p = missingPromptVariable(suite, v, cases);
    if (!warn) problems.push(p);
    else
      warnings.push({
        ...p,
        message: `${p.message}; sent as written, as gh-models does`,
        hint: `${p.hint ? `${p.hint}; ` : ""}--strict makes this an error`,
      });
  }
  return { problems, warnings };
}

/**
 * One problem per prompt variable, however many cases lack it: at the prompt's `{{v}}` when no
 * case provides it (a typo in the prompt, most likely), else at the first case that lacks it.
 */
function missingPromptVariable(suite: Suite, v: string, cases: Case[]): Problem {
  const all = cases.length === suite.cases.length && cases.length > 1;
  const ids = cases.map((c) => `"${c.id}"`);
  const listed =
    ids.length > 6 ? `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more` : ids.join(", ");
  const provided = [...new Set(suite.cases.flatMap((c) => Object.keys(c.vars)))];
  const guess = didYouMean(v, provided);
  const first = cases[0]!;
  if (all)
    return {
      file: suite.prompt.file,
      ...placeInPrompt(suite.prompt.path, v),
      message: `the prompt uses {{${v}}}, which no case of suite ${suite.name} provides (${cases.length} cases: ${listed})`,
      hint: guess
        ? `did you mean {{${guess}}}?`
        : provided.length
          ? `the cases' vars are: ${provided.join(", ")}`
          : "the cases have no vars; add vars: {...}",
    };
  return {
    file: first.file,
    line: first.line,
    col: 1,
    message: `the prompt ${suite.prompt.file} uses {{${v}}}, which ${cases.length === 1 ? "case" : `${cases.length} cases:`} ${listed} ${cases.length === 1 ? "does" : "do"} not provide`,
    hint: hintVars(first),
  };
}

/** Where `{{v}}` is first written in the prompt file; its first line when it cannot be found. */
function placeInPrompt(path: string, v: string): { line: number; col: number } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { line: 1, col: 1 };
  }
  const m = new RegExp(`\\{\\{\\s*${escapeRegex(v)}\\s*\\}\\}`).exec(text);
  if (!m) return { line: 1, col: 1 };
  const before = text.slice(0, m.index).split("\n");
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

function resolvable(name: string, c: Case): boolean {
  const head = name.split(".")[0]!;
  if (head === "expected") return c.expected !== undefined;
  if (head === "vars")
    return name === "vars" || lookupVariable(c.vars, name.slice(5)) !== undefined;
  if (SCORER_CONTEXT.has(head)) return true;
  return lookupVariable(c.vars, name) !== undefined;
}

function hintVars(c: Case): string {
  const keys = Object.keys(c.vars);
  return keys.length
    ? `the case's vars are: ${keys.join(", ")}`
    : "the case has no vars; add vars: {...}";
}

/** Where a suite's keys are: `scorers` index i of the suite's own scorers, or `judge`. */
export type SuiteKeyLocator = (key: { scorer: number } | "judge") => Location | undefined;

/**
 * Every judge model the suite's LLM scorers would call must be one the project can resolve: a
 * typo in `judge:` must stop validation, not turn every case into a judge error. The problem is
 * located where the name is written: the scorer's `model:`, the suite's `judge:` or llmops.yaml.
 */
export function checkJudgeModels(
  suite: Suite,
  config: Config,
  locateKey: SuiteKeyLocator,
): Problem[] {
  const problems: Problem[] = [];
  for (const [i, s] of suite.scorers.entries()) {
    if (!judgeScorerTypes.has(s.type)) continue;
    const own = (s as { model?: string }).model;
    const name = judgeModel(own, suite.judge, config);
    const unknown = unknownModel(config, name);
    if (!unknown) continue;
    const where = own
      ? { file: suite.file, ...locateKey({ scorer: i }) }
      : suite.judge
        ? { file: suite.file, ...locateKey("judge") }
        : { file: config.file ?? suite.file, ...(config.judgeAt ?? { line: 1, col: 1 }) };
    problems.push({
      line: 1,
      col: 1,
      ...where,
      message: `judge ${unknown.message} (used by scorer ${scorerName(s)} of suite ${suite.name})`,
      hint: unknown.hint,
    });
  }
  return problems;
}
