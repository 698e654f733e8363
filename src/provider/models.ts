import type { ProviderConfig } from "../config/schema/config.js";
import type { Config } from "../config/types.js";
import type { ChatRequest } from "../prompt/render.js";

/** A model name resolved to the provider that serves it and the id sent to the endpoint. */
export interface ResolvedModel {
  /** The name as the user wrote it (alias, provider/id, or id). */
  name: string;
  provider: string;
  providerConfig: ProviderConfig;
  /** The id sent to the endpoint. */
  id: string;
}

/**
 * Resolve a model name: an alias of llmops.yaml; else `provider/id` when `provider` is a
 * configured provider (GitHub-style `openai/gpt-4o` works with the default provider); else the
 * first provider with the name as id.
 */
export function resolveModel(config: Config, name: string): ResolvedModel {
  const alias = config.models[name];
  const providerNames = Object.keys(config.providers);
  const first = providerNames[0]!;
  if (alias) {
    const provider = alias.provider ?? first;
    return { name, provider, providerConfig: config.providers[provider]!, id: alias.id ?? name };
  }
  const slash = name.indexOf("/");
  if (slash > 0) {
    const prefix = name.slice(0, slash);
    if (config.providers[prefix]) {
      return {
        name,
        provider: prefix,
        providerConfig: config.providers[prefix]!,
        id: name.slice(slash + 1),
      };
    }
  }
  return { name, provider: first, providerConfig: config.providers[first]!, id: name };
}

/** The body an OpenAI-compatible chat completions endpoint receives (no stream options). */
export function toOpenAIBody(req: ChatRequest, id: string): Record<string, unknown> {
  return {
    model: id,
    messages: req.messages,
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.maxTokens !== undefined ? { [maxTokensField(id)]: req.maxTokens } : {}),
    ...(req.topP !== undefined ? { top_p: req.topP } : {}),
    ...(req.stop !== undefined ? { stop: req.stop } : {}),
    ...(req.responseFormat ? { response_format: req.responseFormat } : {}),
  };
}

/** OpenAI's reasoning models refuse max_tokens; most compatible servers know only max_tokens. */
function maxTokensField(id: string): string {
  return /^(o\d|gpt-5)/.test(id) ? "max_completion_tokens" : "max_tokens";
}
