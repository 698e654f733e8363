import { z } from "zod";
import { defineScorerSchema as scorer } from "./scorer.js";

/** Scorers whose verdict comes from the project's own code: a JS module or any command. */
export const codeScorers = [
  scorer(
    "script",
    {
      module: z
        .string()
        .min(1)
        .describe(
          "A JavaScript module (.js, .mjs, .cjs; .ts where Node strips types), relative to the suite file.",
        ),
      export: z
        .string()
        .min(1)
        .optional()
        .describe("The exported function's name (default: the default export)."),
    },
    "A function in your repository: (output, context) => number | boolean | {score, pass, reason}.",
  ),
  scorer(
    "exec",
    {
      command: z
        .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
        .describe(
          "A command run from the suite file's folder, e.g. python3 scorers/check.py; a string is split at spaces, a list is taken as written. No shell.",
        ),
      timeout: z
        .number()
        .int()
        .positive()
        .optional()
        .describe(
          "Milliseconds before the command is stopped and the scorer errs (default 30000).",
        ),
      concurrency: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("At most this many copies of the command at once (default 4)."),
    },
    "A command that reads the case as JSON on stdin and writes number | boolean | {score, pass, reason} as JSON on stdout.",
  ),
] as const;
