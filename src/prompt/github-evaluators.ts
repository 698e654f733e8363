import type { GithubEvaluator } from "../config/schema/prompt.js";
import { githubEvaluatorNames } from "../config/schema/scorer-judge.js";
import type { ScorerConfig } from "../config/schema/scorers.js";

type GithubName = (typeof githubEvaluatorNames)[number];

/**
 * GitHub prompt-file evaluators as llmops scorers, with GitHub's semantics: `equals` is
 * case-sensitive on the trimmed reply; `contains`, `startsWith`, `endsWith` ignore case; an `llm` evaluator passes when
 * its choice scores above 0. Returns an error text for an unknown `uses:`.
 */
export function scorerFromGithubEvaluator(e: GithubEvaluator): ScorerConfig | string {
  const name = e.name;
  if (e.string) {
    const s = e.string;
    // gh trims every reply before comparing: "Paris\n" equals "Paris".
    if (s.equals !== undefined) return { type: "equals", name, value: s.equals, trim: true };
    if (s.contains !== undefined)
      return { type: "contains", name, value: s.contains, ignoreCase: true };
    if (s.startsWith !== undefined)
      return { type: "starts-with", name, value: s.startsWith, ignoreCase: true };
    return { type: "ends-with", name, value: s.endsWith ?? "", ignoreCase: true };
  }
  if (e.llm) {
    const positive = e.llm.choices.map((c) => c.score).filter((s) => s > 0);
    return {
      type: "llm-classify",
      name,
      model: e.llm.modelId,
      prompt: e.llm.prompt,
      choices: e.llm.choices,
      ...(e.llm.systemPrompt ? { systemPrompt: e.llm.systemPrompt } : {}),
      threshold: positive.length ? Math.min(...positive) : 1,
    };
  }
  const evaluator = (e.uses ?? "").replace(/^github\//, "");
  if (!(githubEvaluatorNames as readonly string[]).includes(evaluator)) {
    return `unknown evaluator "${e.uses}"`;
  }
  return { type: "github", name, evaluator: evaluator as GithubName };
}
