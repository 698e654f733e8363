import type { ScorerConfig } from "../config/schema/scorers.js";
import type { HumanLabel } from "../config/schema/suite.js";

/** One case of a suite, wherever it was written. */
export interface Case {
  id: string;
  description?: string | undefined;
  vars: Record<string, unknown>;
  expected?: unknown;
  /** Scorers for this case only, applied after the suite's. */
  scorers: ScorerConfig[];
  human?: HumanLabel | undefined;
  tags?: string[] | undefined;
  /** The route this case should take (routing accuracy). */
  route?: string | undefined;
  /** Where the case was written (project-relative file and 1-based line). */
  file: string;
  line: number;
  /** Digest of the case's inputs (vars and expected): a changed row shows as drift. */
  digest: string;
}

/** A row read from a dataset file, before validation, with its line. */
export interface RawRow {
  value: unknown;
  line: number;
  col: number;
  /** Path of the row inside a YAML dataset, to locate problems in nested fields. */
  yamlPath?: PropertyKey[];
}

const CASE_KEYS = new Set(["id", "description", "vars", "expected", "scorers", "human", "tags"]);
// `route` (the routing label) is not read from flat rows: there it stays a variable, as it was
// before routing existed, so no dataset's {{route}} changes meaning.

/**
 * A dataset row in either shape: a case ({id, vars, expected}) or a flat row whose other fields
 * are the variables ({id, question, expected}).
 */
export function normalizeRow(row: unknown): unknown {
  if (!row || typeof row !== "object" || Array.isArray(row)) return row;
  const r = row as Record<string, unknown>;
  if ("vars" in r) return r;
  const out: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (CASE_KEYS.has(k)) out[k] = v;
    else vars[k] = v;
  }
  out.vars = vars;
  return out;
}
