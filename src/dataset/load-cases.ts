import { explain, formatPath, issuesToProblems } from "../config/issues.js";
import { type CaseData, caseSchema } from "../config/schema/suite.js";
import { knownKeysAt } from "../config/schema-keys.js";
import type { YamlSource } from "../config/yaml-source.js";
import type { Problem } from "../errors.js";
import { digest } from "../util/hash.js";
import { readRows } from "./read-rows.js";
import { type Case, normalizeRow, type RawRow } from "./types.js";

/** Most cases add no scorer: one frozen empty list for all of them, not an array a case. */
const NO_SCORERS: Case["scorers"] = Object.freeze([]) as unknown as Case["scorers"];

/**
 * A validated case as the loaded model holds it. Fields a row leaves out stay absent, not
 * undefined: every field is 8 bytes of every case, and a run may hold 100,000 of them.
 */
export function toCase(data: CaseData, file: string, line: number): Case {
  const vars = data.vars ?? {};
  const c: Case = {
    id: data.id,
    vars,
    scorers: data.scorers ?? NO_SCORERS,
    file,
    line,
    digest: digest({ vars, expected: data.expected ?? null }),
  };
  if (data.description !== undefined) c.description = data.description;
  if (data.expected !== undefined) c.expected = data.expected;
  if (data.human !== undefined) c.human = data.human;
  if (data.tags !== undefined) c.tags = data.tags;
  if (data.route !== undefined) c.route = data.route;
  return c;
}

/** Validate raw rows as cases. Problems point at the row (and the field, in YAML). */
export function rowsToCases(
  rows: RawRow[],
  file: string,
  source?: YamlSource,
): { cases: Case[]; problems: Problem[] } {
  const cases: Case[] = [];
  const problems: Problem[] = [];
  rows.forEach((row, i) => {
    const value = normalizeRow(row.value);
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push({
        file,
        line: row.line,
        col: row.col,
        message: `row ${i + 1}: expected an object with an id`,
      });
      return;
    }
    const r = caseSchema.safeParse(value, { reportInput: true });
    if (r.success) {
      cases.push(toCase(r.data, file, row.line));
      return;
    }
    if (source && row.yamlPath) {
      const prefixed = r.error.issues.map((iss) => ({
        ...iss,
        path: [...row.yamlPath!, ...iss.path],
      }));
      problems.push(
        ...issuesToProblems(source, prefixed, (p) =>
          knownKeysAt(caseSchema, value, p.slice(row.yamlPath!.length)),
        ),
      );
      return;
    }
    for (const iss of r.error.issues) {
      for (const e of explain(iss, (p) => knownKeysAt(caseSchema, value, p))) {
        const path = formatPath([...iss.path, ...(e.subPath ?? [])]);
        const missingId = iss.path[0] === "id" && e.message === "is required";
        problems.push({
          file,
          line: row.line,
          col: row.col,
          message: `row ${i + 1}${path ? ` ${path}` : ""}: ${missingId ? "an id is required" : e.message}`,
          ...(missingId
            ? { hint: "give every row a stable, unique id" }
            : e.hint
              ? { hint: e.hint }
              : {}),
        });
      }
    }
  });
  return { cases, problems };
}

/** Read and validate a dataset file's cases. */
export async function loadDataset(
  absPath: string,
  file: string,
): Promise<{ cases: Case[]; problems: Problem[] }> {
  const read = await readRows(absPath, file);
  const { cases, problems } = rowsToCases(read.rows, file, read.source);
  return { cases, problems: [...read.problems, ...problems] };
}
