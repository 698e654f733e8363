import type { ScorerConfig } from "./schema/scorers.js";

/** Conventional variable names judges read when the scorer does not name one. */
export const QUESTION_VARS = ["question", "input", "query"];
export const CONTEXT_VARS = ["context", "documents", "passages"];

/** A case input a scorer needs: one of these variables, or the expected answer. */
export type Requirement = { kind: "var"; label: string; names: string[] } | { kind: "expected" };

/**
 * What a scorer needs from every case it scores, so validation can say so before anything runs
 * (a judge asked about an empty context would grade nonsense).
 */
export function requirementsOf(s: ScorerConfig): Requirement[] {
  const question = (name?: string): Requirement => ({
    kind: "var",
    label: "question",
    names: name ? [name] : QUESTION_VARS,
  });
  const context = (name?: string): Requirement => ({
    kind: "var",
    label: "context",
    names: name ? [name] : CONTEXT_VARS,
  });
  switch (s.type) {
    case "equals":
    case "similarity":
      return s.value === undefined ? [{ kind: "expected" }] : [];
    case "factuality":
      return [{ kind: "expected" }];
    case "closed-qa":
    case "answer-relevance":
      return [question(s.question)];
    case "groundedness":
      return [context(s.context)];
    case "context-relevance":
      return [question(s.question), context(s.context)];
    case "github":
      if (s.evaluator === "similarity") return [{ kind: "expected" }];
      if (s.evaluator === "relevance") return [question()];
      // GitHub's groundedness reads `expected` as the context (a testData row's expected is a var).
      if (s.evaluator === "groundedness")
        return [{ kind: "var", label: "context", names: ["expected", ...CONTEXT_VARS] }];
      return [];
    default:
      return targetRequirement(s);
  }
}

/** Guardrails and moderation may check a case variable (`target: vars.x`) instead of the output. */
function targetRequirement(s: ScorerConfig): Requirement[] {
  const target = (s as { target?: string }).target;
  if (!target?.startsWith("vars.")) return [];
  const name = target.slice("vars.".length);
  return [{ kind: "var", label: `target ${target}`, names: [name] }];
}

export function scorerName(config: ScorerConfig): string {
  return config.name ?? (config.type === "github" ? `github/${config.evaluator}` : config.type);
}
