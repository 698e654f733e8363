import {
  lookupVariable,
  MissingVariableError,
  renderTemplate,
  templateVariables,
} from "./template.js";
import type { Message, Prompt, ResponseFormat } from "./types.js";

/** A chat request, provider-neutral: what the model is asked. */
export interface ChatRequest {
  model: string;
  messages: Message[];
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
}

export interface RenderOptions {
  /** Leave an undefined variable as written (`{{x}}`), as gh-models does; default: throw. */
  literal?: boolean;
}

/** Render every message of a prompt with a case's variables (strict: unknown variables throw). */
export function renderMessages(
  prompt: Pick<Prompt, "messages">,
  vars: Record<string, unknown>,
  opts: RenderOptions = {},
): Message[] {
  const missing = prompt.messages
    .flatMap((m) => templateVariables(m.content))
    .filter((name) => lookupVariable(vars, name) === undefined);
  if (missing.length > 0 && !opts.literal) throw new MissingVariableError([...new Set(missing)]);
  return prompt.messages.map((m) => ({
    role: m.role,
    content: renderTemplate(m.content, vars, opts),
  }));
}

/** The request a prompt makes for one case and model. */
export function buildRequest(
  prompt: Prompt,
  model: string,
  vars: Record<string, unknown>,
  opts: RenderOptions = {},
): ChatRequest {
  const p = prompt.modelParameters;
  return {
    model,
    messages: renderMessages(prompt, vars, opts),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.maxTokens !== undefined ? { maxTokens: p.maxTokens } : {}),
    ...(p.topP !== undefined ? { topP: p.topP } : {}),
    ...(p.stop !== undefined ? { stop: ([] as string[]).concat(p.stop) } : {}),
    ...(prompt.responseFormat && prompt.responseFormat.type !== "text"
      ? { responseFormat: prompt.responseFormat }
      : {}),
  };
}
