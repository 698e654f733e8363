import { relative } from "node:path";
import { readValidated } from "../config/read-validated.js";
import { type PromptFileData, promptFileSchema } from "../config/schema/prompt.js";
import { githubEvaluatorNames } from "../config/schema/scorer-judge.js";
import type { ScorerConfig } from "../config/schema/scorers.js";
import { locate, type YamlSource } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";
import { didYouMeanHint } from "../util/did-you-mean.js";
import { scorerFromGithubEvaluator } from "./github-evaluators.js";
import { templateVariables } from "./template.js";
import type { Prompt, ResponseFormat } from "./types.js";
import { promptVersion } from "./version.js";

export interface LoadedPrompt {
  prompt?: Prompt;
  source?: YamlSource;
  problems: Problem[];
}

/** Load and validate a *.prompt.yml file. */
export async function loadPrompt(absPath: string, root: string): Promise<LoadedPrompt> {
  const file = toRel(root, absPath);
  const { data, source, problems } = await readValidated(absPath, file, promptFileSchema);
  if (!data || !source) return { problems, ...(source ? { source } : {}) };
  const at = (path: PropertyKey[]) => ({ file, ...locate(source, path) });

  const more: Problem[] = [];
  toResponseFormat(data, (message, hint) =>
    more.push({ ...at(["jsonSchema"]), message, ...(hint ? { hint } : {}) }),
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
  if (more.length > 0) return { source, problems: more };

  const prompt: Prompt = { ...loadPromptText(data), path: absPath, file, scorers };
  return { prompt, source, problems: [] };
}

/** The parts of a prompt that follow from its content alone (no file, no evaluators). */
export function loadPromptText(data: PromptFileData): Omit<Prompt, "path" | "file" | "scorers"> {
  const modelParameters = data.modelParameters ?? {};
  const responseFormat = toResponseFormat(data, () => {});
  return {
    name: data.name,
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
  problem: (message: string, hint?: string) => void,
): ResponseFormat | undefined {
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
        name: typeof obj.name === "string" ? obj.name : slug(data.name),
        schema: obj.schema as Record<string, unknown>,
        ...(typeof obj.strict === "boolean" ? { strict: obj.strict } : {}),
        ...(typeof obj.description === "string" ? { description: obj.description } : {}),
      },
    };
  }
  return { type: "json_schema", json_schema: { name: slug(data.name), schema: obj } };
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
