import { resolve } from "node:path";
import { ConfigError, UsageError } from "../errors.js";
import { buildRequest, type ChatRequest } from "../prompt/render.js";
import { MissingVariableError } from "../prompt/template.js";
import type { Prompt } from "../prompt/types.js";
import { parseVarFlags, readVarsFile } from "../prompt/vars.js";
import { resolveModel, toOpenAIBody } from "../provider/models.js";
import { loadProject } from "../suite/load-project.js";
import type { Project } from "../suite/types.js";
import { didYouMeanHint } from "../util/did-you-mean.js";

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
  const caseFile = opts.caseRef?.split("#")[0];
  const targets = [opts.prompt, ...(caseFile ? [caseFile] : [])].filter((t) => /\.ya?ml$/.test(t));
  const { project, problems } = await loadProject({
    cwd: opts.cwd,
    withDependents: false,
    ...(targets.length ? { targets } : {}),
  });
  if (!project) throw new ConfigError(problems);
  const prompt = findPrompt(project, opts.cwd, opts.prompt);

  const vars: Record<string, unknown> = {};
  if (isCase) Object.assign(vars, findCaseVars(project, opts.cwd, opts.caseRef!));
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

function findPrompt(project: Project, cwd: string, ref: string): Prompt {
  const abs = resolve(cwd, ref);
  const found =
    project.prompts.find((p) => p.path === abs) ?? project.prompts.find((p) => p.name === ref);
  if (found) return found;
  throw new UsageError(
    `no prompt "${ref}"`,
    didYouMeanHint(
      ref,
      project.prompts.map((p) => p.name),
    ) ?? "give a .prompt.yml path or a prompt name (see llmops prompts)",
  );
}

function findCaseVars(project: Project, cwd: string, ref: string): Record<string, unknown> {
  const [file, id] = ref.split("#");
  if (!file || !id) throw new UsageError(`--case "${ref}": expected suite-file#case-id`);
  const abs = resolve(cwd, file);
  const suite = project.suites.find((s) => resolve(project.config.root, s.file) === abs);
  if (!suite) throw new UsageError(`--case: no suite in ${file}`);
  const c = suite.cases.find((x) => x.id === id);
  if (!c) {
    throw new UsageError(
      `--case: suite ${suite.name} has no case "${id}"`,
      didYouMeanHint(
        id,
        suite.cases.map((x) => x.id),
      ),
    );
  }
  return c.vars;
}
