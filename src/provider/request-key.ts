import { digest } from "../util/hash.js";
import type { ProviderRequest } from "./types.js";

/**
 * The identity of a call: a hash of the canonical request (provider, model id, messages,
 * parameters, response format, tool) and the trial index. Recordings and the cache use it.
 */
export function requestKey(provider: string, req: ProviderRequest, trial: number): string {
  return digest(
    {
      provider,
      model: req.model,
      messages: req.messages,
      temperature: req.temperature,
      maxTokens: req.maxTokens,
      topP: req.topP,
      ...(req.stop !== undefined ? { stop: req.stop } : {}),
      responseFormat: req.responseFormat,
      tool: req.tool,
      moderationInput: req.moderationInput,
      trial,
    },
    16,
  );
}
