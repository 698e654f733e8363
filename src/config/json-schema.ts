import { z } from "zod";
import { configFileSchema } from "./schema/config.js";
import { monitorFileSchema } from "./schema/monitor.js";
import { promptFileSchema } from "./schema/prompt.js";
import { suiteFileSchema } from "./schema/suite.js";

const BASE = "https://llmops.dev/schema";

/** JSON Schemas of the three YAML kinds, generated from the zod schemas (the single source). */
export function jsonSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, name: string, title: string) => ({
    ...z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
      target: "draft-2020-12",
      reused: "ref",
    }),
    $id: `${BASE}/${name}`,
    title,
  });
  return {
    "prompt.schema.json": make(
      promptFileSchema,
      "prompt.schema.json",
      "llmops / GitHub Models prompt file (*.prompt.yml)",
    ),
    "suite.schema.json": make(
      suiteFileSchema,
      "suite.schema.json",
      "llmops eval suite (*.eval.yml)",
    ),
    "config.schema.json": make(
      configFileSchema,
      "config.schema.json",
      "llmops configuration (llmops.yaml)",
    ),
    "monitor.schema.json": make(
      monitorFileSchema,
      "monitor.schema.json",
      "llmops monitor file (*.monitor.yml)",
    ),
  };
}
