import { exec, script } from "./code.js";
import { isJson, jsonField, jsonSchema } from "./deterministic/json.js";
import { cost, latency, length, similarity, tokens } from "./deterministic/measures.js";
import { refusal } from "./deterministic/refusal.js";
import {
  contains,
  containsAll,
  containsAny,
  endsWith,
  equals,
  icontains,
  regex,
  startsWith,
} from "./deterministic/text.js";
import { guardScorerImpls } from "./guard/registry.js";
import {
  answerRelevance,
  closedQa,
  contextRelevance,
  factuality,
  github,
  groundedness,
  llmPromptInjection,
} from "./judge/builtins.js";
import { llmClassify, llmRubric } from "./judge/custom.js";
import { moderation } from "./moderation.js";
import type { ScorerRegistry } from "./types.js";

/** Every scorer type's implementation; the type system checks none is missing. */
export const scorerRegistry = {
  equals,
  contains,
  icontains,
  "contains-any": containsAny,
  "contains-all": containsAll,
  "starts-with": startsWith,
  "ends-with": endsWith,
  regex,
  "is-json": isJson,
  "json-schema": jsonSchema,
  "json-field": jsonField,
  similarity,
  length,
  latency,
  cost,
  tokens,
  refusal,
  "llm-rubric": llmRubric,
  factuality,
  "closed-qa": closedQa,
  groundedness,
  "answer-relevance": answerRelevance,
  "context-relevance": contextRelevance,
  "llm-classify": llmClassify,
  "llm-prompt-injection": llmPromptInjection,
  github,
  moderation,
  script,
  exec,
  ...guardScorerImpls,
} satisfies ScorerRegistry;
