import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../test-support/project.js";
import { hostileInput, oversizedInput, scenarios } from "../test-support/report-fixtures.js";
import { renderJsonReport } from "./json-report.js";
import { jsonReportJsonSchema, jsonReportSchema } from "./json-report-schema.js";

const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
const inputs = [
  ...Object.entries(scenarios).map(([name, make]) => [name, make()] as const),
  ["hostile", hostileInput()] as const,
  ["oversized", oversizedInput(3)] as const,
];

describe("report.json has one definition: its zod schema", () => {
  it.each(inputs)("the %s report is exactly what the schema describes", (_name, input) => {
    const report = roundTrip(renderJsonReport(input));
    // zod drops keys it does not know: equality proves there is no undocumented field.
    expect(jsonReportSchema.parse(report)).toEqual(report);
  });

  it("schema/report.schema.json is up to date (run npm run schema) and accepts real reports", () => {
    const committed = JSON.parse(
      readFileSync(join(REPO_ROOT, "schema", "report.schema.json"), "utf8"),
    );
    expect(committed).toEqual(roundTrip(jsonReportJsonSchema()));
    const validate = new Ajv2020.default({ strict: false, allErrors: true }).compile(committed);
    const report = roundTrip(renderJsonReport(scenarios.allPass()));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(report as object), verdict: "maybe" })).toBe(false);
  });
});
