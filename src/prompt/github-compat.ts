import { basename } from "node:path";
import type { Location } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";

/**
 * GitHub's `gh models` reads prompt files with Go's yaml.v3 into typed structs: unknown keys are
 * ignored, scalars decode into strings, a missing field is empty, roles match in any case. This
 * turns such a file into the shape llmops validates, with a located warning for everything
 * llmops reads but GitHub ignores or would read differently.
 */

type Where = (path: PropertyKey[], key?: string) => Location;

const TOP = new Set([
  "$schema",
  "name",
  "description",
  "model",
  "modelParameters",
  "responseFormat",
  "jsonSchema",
  "messages",
  "testData",
  "evaluators",
  "llmops",
]);
const PARAMS = new Set(["temperature", "maxTokens", "topP", "stop"]);
/** Spellings of other APIs, read as llmops' own; gh-models ignores them. */
const PARAM_ALIASES: Record<string, string> = {
  max_tokens: "maxTokens",
  max_completion_tokens: "maxTokens",
  maxCompletionTokens: "maxTokens",
  top_p: "topP",
};
const MESSAGE = new Set(["role", "content"]);
const EVALUATOR = new Set(["name", "string", "llm", "uses"]);
const STRING_EVAL = new Set(["equals", "contains", "startsWith", "endsWith"]);
const LLM_EVAL = new Set(["modelId", "prompt", "choices", "systemPrompt"]);

/** The prompt's name when the file gives none: its file name without the prompt suffix. */
export function nameFromFile(file: string): string {
  return basename(file).replace(/([._]prompt)?\.ya?ml$/i, "") || basename(file);
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown) =>
  typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";

/** A copy of `value` normalised as gh-models reads it, and the warnings for the differences. */
export function normalizeGithubPrompt(
  value: unknown,
  file: string,
  where: Where,
): { value: unknown; warnings: Problem[] } {
  const warnings: Problem[] = [];
  if (!isObj(value)) return { value, warnings };
  const warn = (path: PropertyKey[], message: string, hint?: string, key?: string) =>
    warnings.push({ file, ...where(path, key), message, ...(hint ? { hint } : {}) });
  const v: Record<string, unknown> = structuredClone(value);

  const unknownKeys = (obj: Record<string, unknown>, path: PropertyKey[], known: Set<string>) => {
    for (const k of Object.keys(obj)) {
      if (known.has(k)) continue;
      const at = [...path, k].map(String).join(".");
      warn(path, `unknown key "${at}" is ignored`, "gh-models ignores it too", k);
      delete obj[k];
    }
  };
  const str = (obj: Record<string, unknown>, key: string) => {
    if (isScalar(obj[key])) obj[key] = String(obj[key]);
  };

  unknownKeys(v, [], TOP);
  for (const k of ["name", "description", "model"]) str(v, k);
  for (const k of ["testData", "evaluators", "modelParameters", "name", "description", "model"])
    if (v[k] === null) delete v[k];

  if (isObj(v.modelParameters)) {
    const mp = v.modelParameters;
    for (const [alias, key] of Object.entries(PARAM_ALIASES)) {
      if (!(alias in mp)) continue;
      if (mp[key] === undefined) mp[key] = mp[alias];
      warn(
        ["modelParameters"],
        `modelParameters.${alias} is read as ${key}`,
        `gh-models ignores ${alias}; write ${key} for both tools`,
        alias,
      );
      delete mp[alias];
    }
    if ("stop" in mp)
      warn(
        ["modelParameters"],
        "modelParameters.stop is sent by llmops only",
        "gh-models ignores stop",
        "stop",
      );
    unknownKeys(mp, ["modelParameters"], PARAMS);
  }

  if (Array.isArray(v.messages)) {
    v.messages.forEach((m, i) => {
      if (!isObj(m)) return;
      if (typeof m.role === "string") m.role = m.role.toLowerCase();
      if (m.role === "developer")
        warn(
          ["messages", i, "role"],
          'role "developer" is an llmops extension',
          "gh-models accepts system, user and assistant only",
        );
      if (m.content === undefined || m.content === null) m.content = "";
      str(m, "content");
      unknownKeys(m, ["messages", i], MESSAGE);
    });
  }

  if (Array.isArray(v.evaluators)) {
    v.evaluators.forEach((e, i) => {
      if (!isObj(e)) return;
      str(e, "name");
      unknownKeys(e, ["evaluators", i], EVALUATOR);
      if (isObj(e.string)) {
        for (const k of STRING_EVAL) str(e.string, k);
        unknownKeys(e.string, ["evaluators", i, "string"], STRING_EVAL);
      }
      if (isObj(e.llm)) {
        const llm = e.llm;
        for (const k of ["modelId", "prompt", "systemPrompt"]) str(llm, k);
        if (Array.isArray(llm.choices)) for (const c of llm.choices) if (isObj(c)) str(c, "choice");
        unknownKeys(llm, ["evaluators", i, "llm"], LLM_EVAL);
      }
    });
  }
  if (v.jsonSchema !== undefined && typeof v.jsonSchema !== "string")
    warn(
      ["jsonSchema"],
      "jsonSchema is a YAML object; GitHub reads only a JSON string",
      "write jsonSchema: | followed by the JSON text",
    );
  return { value: v, warnings };
}
