import type { z } from "zod";
import type { Problem } from "../errors.js";
import { didYouMeanHint } from "../util/did-you-mean.js";
import { locate, locateKey, type YamlSource } from "./yaml-source.js";

/** Render a zod path the way people write it: cases[3].vars.name */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Turn zod issues into located problems with short messages and hints. */
export function issuesToProblems(
  source: YamlSource,
  issues: readonly z.core.$ZodIssue[],
  knownKeys: (path: readonly PropertyKey[]) => string[] = () => [],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    for (const p of explain(issue, knownKeys)) {
      const path = [...issue.path, ...(p.subPath ?? [])];
      const pos = p.key ? locateKey(source, issue.path, p.key) : locate(source, path);
      const where = formatPath(path);
      problems.push({
        file: source.file,
        line: pos.line,
        col: pos.col,
        message: where ? `${where}: ${p.message}` : p.message,
        ...(p.hint ? { hint: p.hint } : {}),
      });
    }
  }
  return dedupe(problems);
}

export interface Explained {
  message: string;
  hint?: string | undefined;
  key?: string;
  subPath?: PropertyKey[];
}

export function explain(
  issue: z.core.$ZodIssue,
  knownKeys: (path: readonly PropertyKey[]) => string[],
): Explained[] {
  switch (issue.code) {
    case "invalid_type": {
      const received = (issue as { input?: unknown }).input;
      if (received === undefined) return [{ message: `is required (${issue.expected})` }];
      return [{ message: `expected ${article(issue.expected)}, got ${describe(received)}` }];
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        key,
        subPath: [key],
        message: "unknown key",
        hint:
          didYouMeanHint(key, knownKeys(issue.path)) ??
          `known keys: ${knownKeys(issue.path).join(", ")}`,
      }));
    case "invalid_value": {
      const values = issue.values.map(String);
      const got = (issue as { input?: unknown }).input;
      return [
        {
          message: `must be one of ${values.join(", ")}${got === undefined ? "" : `, got ${JSON.stringify(got)}`}`,
          hint: typeof got === "string" ? didYouMeanHint(got, values) : undefined,
        },
      ];
    }
    case "invalid_union": {
      const disc = issue as { discriminator?: string; options?: unknown[]; input?: unknown };
      if (disc.discriminator) {
        const options = (disc.options ?? []).map(String);
        const got =
          disc.input && typeof disc.input === "object"
            ? (disc.input as Record<string, unknown>)[disc.discriminator]
            : disc.input;
        const label =
          got === undefined ? "missing" : `unknown ${disc.discriminator} ${JSON.stringify(got)}`;
        return [
          {
            message: `${label}`,
            hint:
              (typeof got === "string" ? didYouMeanHint(got, options) : undefined) ??
              `expected one of: ${options.join(", ")}`,
          },
        ];
      }
      if ((issue as { input?: unknown }).input === undefined) return [{ message: "is required" }];
      return [{ message: issue.message }];
    }
    default:
      // A refinement may carry its hint (e.g. why a pattern cannot run).
      return [
        { message: issue.message, hint: (issue as { params?: { hint?: string } }).params?.hint },
      ];
  }
}

function article(expected: string): string {
  if (expected === "record") return "a mapping";
  if (expected === "array") return "a list";
  if (expected === "object") return "an object";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(truncate(value))}`;
  return `${typeof value} ${String(value)}`;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
