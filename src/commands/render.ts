import { resolve } from "node:path";
import { ConfigError, UsageError } from "../errors.js";
import { buildRequest, type ChatRequest } from "../prompt/render.js";
import { MissingVariableError } from "../prompt/template.js";
import type { Prompt } from "../prompt/types.js";
import { parseVarFlags, readVarsFile } from "../prompt/vars.js";
import { resolveModel, toOpenAIBody } from "../provider/models.js";
import { loadProject } from "../suite/load-project.js";
import { findCase, findPrompt } from "../suite/lookup.js";

export interface RenderOptions {
  cwd: string;
  prompt: string;
  vars: string[];
  varsFile?: string | undefined;
  caseRef?: string | undefined;
  model?: string | undefined;
}

export interface Rendered {
  prompt: Prompt;
  request: ChatRequest;
  /** The exact body sent to an OpenAI-compatible endpoint. */
  body: Record<string, unknown>;
}

/** Render a prompt for `llmops render`: variables from a case, a file and flags, in that order. */
export async function renderTarget(opts: RenderOptions): Promise<Rendered> {
  const isCase = opts.caseRef !== undefined;
  const caseFile = opts.caseRef?.slice(0, Math.max(0, opts.caseRef.lastIndexOf("#")));
  // Only files named by path narrow the load; a name needs the whole project to be found.
  const refs = [opts.prompt, ...(caseFile !== undefined ? [caseFile] : [])];
  const targets = refs.every((t) => /\.ya?ml$/.test(t)) ? refs : [];
  const { project, problems } = await loadProject({
    cwd: opts.cwd,
    withDependents: false,
    ...(targets.length ? { targets } : {}),
  });
  if (!project) throw new ConfigError(problems);
  const prompt = findPrompt(project, opts.cwd, opts.prompt);

  const vars: Record<string, unknown> = {};
  if (isCase) Object.assign(vars, findCase(project, opts.cwd, opts.caseRef!).case.vars);
  if (opts.varsFile)
    Object.assign(vars, await readVarsFile(resolve(opts.cwd, opts.varsFile), opts.varsFile));
  Object.assign(vars, parseVarFlags(opts.vars));

  const model = opts.model ?? prompt.model;
  if (model === undefined)
    throw new UsageError(
      `${prompt.file}: the prompt file names no model`,
      "add model: to the file or pass --model",
    );
  let request: ChatRequest;
  try {
    request = buildRequest(prompt, model, vars);
  } catch (err) {
    if (err instanceof MissingVariableError) {
      throw new UsageError(
        `${prompt.file}: ${err.message}`,
        `pass ${err.variables.map((v) => `--var ${v}=...`).join(" ")}, --vars-file or --case suite.eval.yml#id`,
      );
    }
    throw err;
  }
  return { prompt, request, body: toOpenAIBody(request, resolveModel(project.config, model).id) };
}
