// Writes schema/*.json from the zod schemas (run `npm run build` first; `npm run schema` does).
import { mkdirSync, writeFileSync } from "node:fs";
import { jsonSchemas } from "../dist/config/json-schema.js";
import { jsonReportJsonSchema } from "../dist/report/json-report-schema.js";

mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
const all = { ...jsonSchemas(), "report.schema.json": jsonReportJsonSchema() };
for (const [name, schema] of Object.entries(all)) {
  writeFileSync(
    new URL(`../schema/${name}`, import.meta.url),
    `${JSON.stringify(schema, null, 2)}\n`,
  );
  console.log(`wrote schema/${name}`);
}
