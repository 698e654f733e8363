import type { Message, ModelParameters, PromptFileData } from "../config/schema/prompt.js";
import type { ScorerConfig } from "../config/schema/scorers.js";

export type { Message, ModelParameters };

/** The structured-output settings of a prompt, in the shape the chat API wants. */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      json_schema: {
        name: string;
        strict?: boolean;
        schema: Record<string, unknown>;
        description?: string;
      };
    };

/** A loaded prompt file. */
export interface Prompt {
  name: string;
  description: string | undefined;
  /** Absolute path. */
  path: string;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** Undefined when the file names none: then a model must come from elsewhere to run. */
  model: string | undefined;
  modelParameters: ModelParameters;
  responseFormat: ResponseFormat | undefined;
  messages: Message[];
  /** Short hash of the canonical content: messages, model, parameters, response format. */
  version: string;
  /** Variables the messages use. */
  variables: string[];
  /** The file as written (testData, evaluators and llmops settings included). */
  data: PromptFileData;
  /** GitHub evaluators translated to llmops scorers. */
  scorers: ScorerConfig[];
}
