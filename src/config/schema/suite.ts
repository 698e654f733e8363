import { z } from "zod";
import { gateSchema } from "./gate.js";
import { budgetSchema } from "./prompt.js";
import { scorerSchema } from "./scorers.js";

export const caseIdSchema = z
  .union([z.string().min(1), z.number().int()])
  .transform(String)
  .describe("Stable id; results are matched to the baseline by id, never by position.");

const humanVerdict = z.union([z.enum(["pass", "fail"]), z.number().min(0).max(1)]);

/** A human label for judge calibration: pass/fail or a score in [0,1], for every judge or per scorer. */
export const humanLabelSchema = z
  .union([humanVerdict, z.record(z.string().min(1), humanVerdict)])
  .describe(
    "Human verdict (pass/fail or a 0..1 score) for every judge of the case, or per judge scorer by name ({groundedness: pass, tone: 0.5}); used by `llmops judge check`.",
  );

/** One case of a suite, inline or as a dataset row. */
export const caseSchema = z.strictObject({
  id: caseIdSchema,
  description: z.string().optional(),
  vars: z.record(z.string(), z.unknown()).optional().describe("Template variables for the prompt."),
  expected: z.unknown().optional().describe("The expected answer, available as {{expected}}."),
  scorers: z.array(scorerSchema).optional().describe("Scorers for this case, after the suite's."),
  human: humanLabelSchema.optional(),
  tags: z.array(z.string()).optional(),
  route: z
    .string()
    .min(1)
    .optional()
    .describe("The route this case should take, for the accuracy of the suite's routers."),
});

const ruleSchema = z.strictObject({
  when: z
    .strictObject({
      tag: z.string().min(1).optional().describe("The case has this tag."),
      vars: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("Each of these variables has this value."),
    })
    .describe("Every condition given must hold."),
  route: z.string().min(1),
});

/**
 * A router: a rule router (`rules:`, the first rule whose `when` matches the case names its route;
 * none: every case takes `default`), or an LLM router (`prompt:`, a classifier prompt whose answer
 * names the route). Never both.
 */
export const routerSchema = z
  .strictObject({
    name: z.string().regex(/^[\w.-]+$/, "use letters, digits, . _ -"),
    rules: z
      .array(ruleSchema)
      .optional()
      .describe("A rule router: the first rule whose every condition holds names the route."),
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe(
        "An LLM router: a prompt file (relative to this file) rendered with the case's vars; its answer names the route.",
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe("The LLM router's model; default: its prompt's model."),
    default: z
      .string()
      .min(1)
      .describe(
        "The route of a case no rule matches, or whose LLM router answer names no known route.",
      ),
  })
  .superRefine((r, ctx) => {
    if (r.rules !== undefined && r.prompt !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["prompt"],
        message:
          "a router has either rules: (a rule router) or prompt: (an LLM router), not both; split it into two routers",
      });
    if (r.model !== undefined && r.prompt === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["model"],
        message:
          "model: is an LLM router's model; a rule router calls no model (add prompt: or remove model:)",
      });
  });

/** `routing:` — routers to evaluate on a matrix run, and the model each route sends to. */
export const routingSchema = z
  .strictObject({
    routes: z
      .record(z.string().regex(/^[\w.-]+$/, "use letters, digits, . _ -"), z.string().min(1))
      .describe("Route name -> model; every model must be one of the suite's models."),
    routers: z.array(routerSchema).min(1),
    gate: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The router this suite ships: the run fails when its routed answers are worse than always-the-reference by more than the gate's margin (the gate's rule, docs/cost.md).",
      ),
  })
  .describe("Evaluate routers from the matrix run's answers (docs/cost.md, Routing).");

/** A suite file (*.eval.yml). */
export const suiteFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[\w.-]+$/, "use letters, digits, . _ -")
      .optional()
      .describe("Suite name; default the file name without .eval.yml."),
    description: z
      .string()
      .min(1)
      .optional()
      .describe("What the suite checks, for people; default the prompt's description."),
    prompt: z.string().min(1).describe("Path of the prompt file, relative to this file."),
    models: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Models to run; several make a comparison matrix. Default: the prompt's model."),
    trials: z.number().int().min(1).max(100).optional().describe("Runs per case (default 1)."),
    judge: z.string().min(1).optional().describe("Judge model for this suite's LLM scorers."),
    scorers: z.array(scorerSchema).optional().describe("Scorers applied to every case."),
    cases: z.array(caseSchema).optional(),
    dataset: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe("Dataset file(s) next to the suite: .jsonl, .csv, .yml."),
    groupBy: z
      .string()
      .regex(/^(tag:[^:\s]+|vars\.[^\s]+)$/, 'use "tag:<prefix>" or "vars.<name>"')
      .optional()
      .describe(
        'The user group of each case, for the fairness gate (gate.maxGroupGap): "tag:<prefix>" reads the tag "<prefix>:<group>", "vars.<name>" a variable.',
      ),
    gate: gateSchema.optional(),
    routing: routingSchema.optional(),
    budget: budgetSchema
      .optional()
      .describe("Token budget per request; each field overrides the prompt file's llmops.budget."),
  })
  .describe("An llmops eval suite.");

export type SuiteFileData = z.infer<typeof suiteFileSchema>;
export type CaseData = z.infer<typeof caseSchema>;
export type HumanLabel = z.infer<typeof humanLabelSchema>;
export type RoutingConfig = z.infer<typeof routingSchema>;
export type RouterConfig = z.infer<typeof routerSchema>;
/** An LLM router: its route is the answer of a classifier prompt. */
export type LlmRouterConfig = RouterConfig & { prompt: string };

export function isLlmRouter(r: RouterConfig): r is LlmRouterConfig {
  return r.prompt !== undefined;
}
