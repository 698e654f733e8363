import { scorerName } from "../../config/scorer-config.js";
import { renderTemplate } from "../../prompt/template.js";
import type { ScorerImpl } from "../types.js";
import { scorerVars } from "../values.js";
import { runJudge, tagged, type Verdict } from "./judge.js";

const RUBRIC_SYSTEM =
  "You are a meticulous evaluator of outputs produced by an AI system. You grade one output against a rubric written by the system's developers, using only the material given. Be strict and consistent: the same material always gets the same verdict.";

const RUBRIC_VERDICTS: Verdict[] = [
  { name: "pass", score: 1, meaning: "the output satisfies every requirement of the rubric" },
  {
    name: "partial",
    score: 0.5,
    meaning: "the output satisfies the main requirement but misses or breaks a minor one",
  },
  {
    name: "fail",
    score: 0,
    meaning: "the output misses or breaks a main requirement of the rubric",
  },
];

const RUBRIC_USER =
  "Rubric:\n{{rubric}}\n{{examples}}\nInputs the system was given:\n{{inputs}}\n\nOutput to grade:\n{{output}}\n\nGrade the output against the rubric.";

export const llmRubric: ScorerImpl<"llm-rubric"> = {
  score(c, ctx) {
    const examples = (c.examples ?? [])
      .map(
        (e, i) =>
          `Example ${i + 1}:\n${tagged("output", e.output)}\nverdict: ${e.verdict}${e.reason ? `\nwhy: ${e.reason}` : ""}`,
      )
      .join("\n\n");
    const user = renderTemplate(RUBRIC_USER, {
      rubric: tagged("rubric", renderTemplate(c.rubric, scorerVars(ctx))),
      examples: examples ? `\nGraded examples:\n${examples}\n` : "",
      inputs: tagged("inputs", JSON.stringify(ctx.case.vars, null, 2)),
      output: tagged("output", ctx.output),
    });
    return runJudge(ctx, {
      scorer: scorerName(c),
      model: c.model,
      system: RUBRIC_SYSTEM,
      user,
      userTemplate: `${RUBRIC_USER}\n${c.rubric}\n${JSON.stringify(c.examples ?? [])}`,
      verdicts: RUBRIC_VERDICTS,
    });
  },
};

/**
 * A judge with the user's own prompt and choices. In a prompt file (GitHub's `llm:` evaluators)
 * it runs as gh-models runs it: the system prompt as written (not templated; none when absent),
 * the prompt with the case's variables and {{completion}}, the choice read from a plain-text
 * reply. In an llmops suite the system prompt is templated and the judge answers in a schema.
 */
export const llmClassify: ScorerImpl<"llm-classify"> = {
  defaultThreshold: 0.5,
  score(c, ctx) {
    const gh = ctx.suite?.kind === "prompt";
    const vars = scorerVars(ctx);
    return runJudge(ctx, {
      scorer: scorerName(c),
      model: c.model,
      system: gh
        ? (c.systemPrompt ?? "")
        : c.systemPrompt
          ? renderTemplate(c.systemPrompt, vars)
          : RUBRIC_SYSTEM,
      ...(gh ? { asWritten: true } : {}),
      user: renderTemplate(c.prompt, vars, { literal: gh }),
      userTemplate: c.prompt,
      verdicts: c.choices.map((ch) => ({
        name: ch.choice,
        score: ch.score,
        meaning: `scores ${ch.score}`,
      })),
    });
  },
};
