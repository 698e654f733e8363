import { digest } from "../util/hash.js";
import type { Message, ModelParameters, ResponseFormat } from "./types.js";

/**
 * A prompt's version: a short hash of what is sent to the model. Comments, key order,
 * descriptions, test data and evaluators do not change it.
 */
export function promptVersion(p: {
  messages: Message[];
  model: string | undefined;
  modelParameters: ModelParameters;
  responseFormat: ResponseFormat | undefined;
}): string {
  return digest(
    {
      messages: p.messages.map((m) => ({ role: m.role, content: m.content })),
      model: p.model,
      modelParameters: p.modelParameters,
      responseFormat: p.responseFormat ?? { type: "text" },
    },
    8,
  );
}
