import { relative } from "node:path";
import { readText, type Validated, validateSource } from "../config/read-validated.js";
import { type PromptFileData, promptFileSchema } from "../config/schema/prompt.js";
import { githubEvaluatorNames } from "../config/schema/scorer-judge.js";
import type { ScorerConfig } from "../config/schema/scorers.js";
import { locate, locateKey, parseYaml, type YamlSource } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";
import { didYouMeanHint } from "../util/did-you-mean.js";
import { nameFromFile, normalizeGithubPrompt } from "./github-compat.js";
import { scorerFromGithubEvaluator } from "./github-evaluators.js";
import { templateVariables } from "./template.js";
import type { Prompt, ResponseFormat } from "./types.js";
import { promptVersion } from "./version.js";

export interface LoadedPrompt {
  prompt?: Prompt;
  source?: YamlSource;
  problems: Problem[];
  /** What llmops reads but GitHub's tools ignore or read otherwise; located, never fatal. */
  warnings?: Problem[];
}

/**
 * Parse and validate a prompt file's text as gh-models reads it: merge keys merge, the first of
 * several documents is read, unknown keys and lenient spellings are warnings (see github-compat).
 */
export function validatePromptText(
  text: string,
  file: string,
): Validated<PromptFileData> & { warnings: Problem[] } {
  const parsed = parseYaml(file, text, { merge: true, firstDocument: true });
  const source = parsed.source;
  if (!source) return { problems: parsed.problems, warnings: [] };
  const warnings: Problem[] = [];
  if (parsed.moreDocuments)
    warnings.push({
      file,
      ...parsed.moreDocuments,
      message: "the file holds more than one YAML document; only the first is read",
      hint: "remove the '---' line and what follows, or move it to its own file",
    });
  if (source.value === null || source.value === undefined)
    return {
      source,
      warnings,
      problems: [{ file, line: 1, col: 1, message: "the file is empty" }],
    };
  const norm = normalizeGithubPrompt(source.value, file, (path, key) =>
    key === undefined ? locate(source, path) : locateKey(source, path, key),
  );
  warnings.push(...norm.warnings);
  return { ...validateSource({ ...source, value: norm.value }, promptFileSchema), warnings };
}

/** Load and validate a prompt file (*.prompt.yml, or any YAML file named explicitly). */
export async function loadPrompt(absPath: string, root: string): Promise<LoadedPrompt> {
  const file = toRel(root, absPath);
  const read = await readText(absPath, file);
  if ("problem" in read) return { problems: [read.problem] };
  const { data, source, problems, warnings } = validatePromptText(read.text, file);
  if (!data || !source) return { problems, warnings, ...(source ? { source } : {}) };
  const at = (path: PropertyKey[]) => ({ file, ...locate(source, path) });

  const more: Problem[] = [];
  toResponseFormat(
    data,
    file,
    (message, hint) => more.push({ ...at(["jsonSchema"]), message, ...(hint ? { hint } : {}) }),
    (message, hint) => warnings.push({ ...at(["jsonSchema"]), message, ...(hint ? { hint } : {}) }),
  );
  const scorers: ScorerConfig[] = [];
  (data.evaluators ?? []).forEach((e, i) => {
    const s = scorerFromGithubEvaluator(e);
    if (typeof s === "string") {
      const hint = didYouMeanHint((e.uses ?? "").replace(/^github\//, ""), githubEvaluatorNames);
      more.push({
        ...at(["evaluators", i, "uses"]),
        message: `evaluators[${i}].uses: ${s}`,
        hint:
          hint ??
          `built-in evaluators: ${githubEvaluatorNames.map((n) => `github/${n}`).join(", ")}`,
      });
    } else scorers.push(s);
  });
  if (more.length > 0) return { source, problems: more, warnings };

  const prompt: Prompt = { ...loadPromptText(data, file), path: absPath, file, scorers };
  return { prompt, source, problems: [], warnings };
}

/** The parts of a prompt that follow from its content and file name (no evaluators). */
export function loadPromptText(
  data: PromptFileData,
  file: string,
): Omit<Prompt, "path" | "file" | "scorers"> {
  const modelParameters = data.modelParameters ?? {};
  const responseFormat = toResponseFormat(data, file, () => {});
  return {
    name: data.name ?? nameFromFile(file),
    description: data.description,
    model: data.model,
    modelParameters,
    responseFormat,
    messages: data.messages,
    version: promptVersion({
      messages: data.messages,
      model: data.model,
      modelParameters,
      responseFormat,
    }),
    variables: [...new Set(data.messages.flatMap((m) => templateVariables(m.content)))],
    data,
  };
}

function toResponseFormat(
  data: PromptFileData,
  file: string,
  problem: (message: string, hint?: string) => void,
  warning: (message: string, hint?: string) => void = () => {},
): ResponseFormat | undefined {
  const name = data.name ?? nameFromFile(file);
  const kind = data.responseFormat;
  if (kind === undefined || kind === "text") return kind ? { type: "text" } : undefined;
  if (kind === "json_object") return { type: "json_object" };
  if (data.jsonSchema === undefined) {
    problem(
      "jsonSchema is required when responseFormat is json_schema",
      'add jsonSchema: \'{"name": "...", "schema": {...}}\'',
    );
    return undefined;
  }
  let parsed: unknown = data.jsonSchema;
  if (typeof parsed === "string") {
    try {
      parsed = JSON.parse(parsed);
    } catch (err) {
      problem(
        `jsonSchema is not valid JSON: ${(err as Error).message}`,
        "jsonSchema is JSON text; check quotes and commas",
      );
      return undefined;
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    problem("jsonSchema must be a JSON object");
    return undefined;
  }
  const obj = parsed as Record<string, unknown>;
  // GitHub's form wraps the schema: {name, strict?, schema}. A bare schema is accepted and wrapped.
  if (obj.schema && typeof obj.schema === "object") {
    return {
      type: "json_schema",
      json_schema: {
        name: typeof obj.name === "string" ? obj.name : slug(name),
        schema: obj.schema as Record<string, unknown>,
        ...(typeof obj.strict === "boolean" ? { strict: obj.strict } : {}),
        ...(typeof obj.description === "string" ? { description: obj.description } : {}),
      },
    };
  }
  warning(
    "jsonSchema has no name/schema wrapper; llmops wraps it",
    'GitHub expects {"name": "...", "schema": {...}}',
  );
  return { type: "json_schema", json_schema: { name: slug(name), schema: obj } };
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "_")
      .replace(/^_|_$/g, "")
      .slice(0, 64) || "response"
  );
}

export function toRel(root: string, abs: string): string {
  const r = relative(root, abs).split("\\").join("/");
  return r === "" ? "." : r;
}
