import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../test-support/project.js";
import { jsonSchemas } from "./json-schema.js";

describe("shipped JSON Schemas", () => {
  const schemas = jsonSchemas();

  it.each(Object.keys(schemas))("schema/%s is up to date (run npm run schema)", (name) => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, "schema", name), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(schemas[name])));
  });

  it.each([
    ["prompt.schema.json", "prompts/support-reply.prompt.yml", true],
    ["prompt.schema.json", "prompts/sample.prompt.yml", true],
    ["prompt.schema.json", "prompts/extract-order.prompt.yml", true],
    ["suite.schema.json", "evals/classify-ticket.eval.yml", true],
    ["suite.schema.json", "evals/extract-order.eval.yml", true],
    ["monitor.schema.json", "monitor/support.monitor.yml", true],
  ])("%s accepts %s", (name, file, valid) => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(schemas[name] as object);
    const ok = validate(parse(readFileSync(join(REPO_ROOT, file), "utf8")));
    expect(ok, JSON.stringify(validate.errors)).toBe(valid);
  });

  it("rejects an unknown scorer type and carries descriptions for editors", () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(schemas["suite.schema.json"] as object);
    expect(
      validate({ description: "d", prompt: "p", scorers: [{ type: "contain", value: "x" }] }),
    ).toBe(false);
    expect(JSON.stringify(schemas["suite.schema.json"])).toContain("Runs per case (default 1).");
  });
});
