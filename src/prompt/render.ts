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
  responseFormat?: ResponseFormat;
}

/** Render every message of a prompt with a case's variables (strict: unknown variables throw). */
export function renderMessages(
  prompt: Pick<Prompt, "messages">,
  vars: Record<string, unknown>,
): Message[] {
  const missing = prompt.messages
    .flatMap((m) => templateVariables(m.content))
    .filter((name) => lookupVariable(vars, name) === undefined);
  if (missing.length > 0) throw new MissingVariableError([...new Set(missing)]);
  return prompt.messages.map((m) => ({ role: m.role, content: renderTemplate(m.content, vars) }));
}

/** The request a prompt makes for one case and model. */
export function buildRequest(
  prompt: Prompt,
  model: string,
  vars: Record<string, unknown>,
): ChatRequest {
  const p = prompt.modelParameters;
  return {
    model,
    messages: renderMessages(prompt, vars),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.maxTokens !== undefined ? { maxTokens: p.maxTokens } : {}),
    ...(p.topP !== undefined ? { topP: p.topP } : {}),
    ...(prompt.responseFormat && prompt.responseFormat.type !== "text"
      ? { responseFormat: prompt.responseFormat }
      : {}),
  };
}
