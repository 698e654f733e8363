import type { ValidateFunction } from "ajv";
import { canonicalJson } from "../../util/hash.js";
import { getOrSet } from "../../util/map.js";
import { compileUserPattern } from "../../util/user-regex.js";
import type { ScorerImpl } from "../types.js";
import { clip, resolvePattern, resolveText, resolveValue } from "../values.js";

/** Parse the output as JSON; with allowFences, a ```json fenced block is accepted too. */
export function parseJsonOutput(
  output: string,
  allowFences: boolean | undefined,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text = output.trim();
  if (allowFences) {
    const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(text);
    if (fenced) text = fenced[1]!;
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return {
      ok: false,
      reason: `not JSON: ${(err as Error).message.replace(/ in JSON at position.*$/, "")}`,
    };
  }
}

export const isJson: ScorerImpl<"is-json"> = {
  score(c, ctx) {
    const p = parseJsonOutput(ctx.output, c.allowFences);
    return p.ok ? { value: 1, reason: "valid JSON" } : { value: 0, reason: p.reason };
  },
};

// Draft-07 by default (what OpenAI's structured outputs use); 2019-09 and 2020-12 when declared.
// Ajv loads on the first json-schema score: runs without one never pay for it (docs/benchmarks.md).
let validators: Promise<{ draft7: Compiler; modern: Compiler }> | undefined;
type Compiler = { compile(schema: Record<string, unknown>): ValidateFunction };
const compiled = new Map<string, Promise<ValidateFunction>>();

function loadValidators(): Promise<{ draft7: Compiler; modern: Compiler }> {
  validators ??= Promise.all([import("ajv"), import("ajv/dist/2020.js")]).then(([a, b]) => ({
    draft7: new a.Ajv({ strict: false, allErrors: true }),
    modern: new b.Ajv2020({ strict: false, allErrors: true }),
  }));
  return validators;
}

async function compile(schema: Record<string, unknown>): Promise<ValidateFunction> {
  const modern = typeof schema.$schema === "string" && /20(19-09|20-12)/.test(schema.$schema);
  const v = await loadValidators();
  return (modern ? v.modern : v.draft7).compile(schema);
}

export const jsonSchema: ScorerImpl<"json-schema"> = {
  async score(c, ctx) {
    const rf = ctx.suite.prompt.responseFormat;
    const schema = c.schema ?? (rf?.type === "json_schema" ? rf.json_schema.schema : undefined);
    if (!schema)
      return {
        value: 0,
        reason: "no schema: give schema: or use a prompt with jsonSchema",
        error: "config",
      };
    const p = parseJsonOutput(ctx.output, c.allowFences);
    if (!p.ok) return { value: 0, reason: p.reason };
    const key = JSON.stringify(schema);
    const validate = await getOrSet(compiled, key, () => compile(schema));
    if (validate(p.value)) return { value: 1, reason: "matches the schema" };
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || "/"} ${e.message}`);
    return { value: 0, reason: `schema: ${errors.join("; ")}` };
  },
};

/** Read a path like items[0].sku or a.b.c from a parsed value. */
export function readPath(value: unknown, path: string): { found: boolean; value: unknown } {
  const parts = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let v: unknown = value;
  for (const raw of parts) {
    const key: string | number = raw.startsWith("[") ? Number(raw.slice(1, -1)) : raw;
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key))
      return { found: false, value: undefined };
    v = (v as Record<string | number, unknown>)[key];
  }
  return { found: true, value: v };
}

/** Equal as JSON values; text against a non-text value compares with its text form ("3" = 3). */
function looselyEqual(
  actual: unknown,
  expected: unknown,
  ignoreCase: boolean | undefined,
): boolean {
  if (
    typeof actual !== "object" &&
    typeof expected !== "object" &&
    typeof actual !== typeof expected
  ) {
    return fold(String(actual), ignoreCase) === fold(String(expected), ignoreCase);
  }
  if (typeof actual === "string" && typeof expected === "string")
    return fold(actual, ignoreCase) === fold(expected, ignoreCase);
  return canonicalJson(actual) === canonicalJson(expected);
}

const fold = (s: string, ic: boolean | undefined) => (ic ? s.toLowerCase() : s);

export const jsonField: ScorerImpl<"json-field"> = {
  score(c, ctx) {
    const p = parseJsonOutput(ctx.output, c.allowFences);
    if (!p.ok) return { value: 0, reason: p.reason };
    const field = readPath(p.value, c.path);
    if (!field.found) return { value: 0, reason: `no field ${c.path}` };
    const shown = clip(JSON.stringify(field.value) ?? "undefined", 60);
    if (c.equals !== undefined) {
      const want = resolveValue(c.equals, ctx);
      const ok = looselyEqual(field.value, want, c.ignoreCase);
      return {
        value: ok ? 1 : 0,
        reason: `${c.path} = ${shown}${ok ? "" : `, expected ${clip(JSON.stringify(want) ?? "", 60)}`}`,
      };
    }
    const text = typeof field.value === "string" ? field.value : JSON.stringify(field.value);
    if (c.contains !== undefined) {
      const needle = resolveText(c.contains, ctx);
      const ok = fold(text, c.ignoreCase).includes(fold(needle, c.ignoreCase));
      return {
        value: ok ? 1 : 0,
        reason: `${c.path} ${ok ? "contains" : "does not contain"} "${clip(needle, 40)}"`,
      };
    }
    if (c.matches !== undefined) {
      const matches = resolvePattern(c.matches, ctx);
      const ok = compileUserPattern(matches, c.ignoreCase ? "i" : "").test(text);
      return {
        value: ok ? 1 : 0,
        reason: `${c.path} ${ok ? "matches" : "does not match"} /${clip(matches, 40)}/`,
      };
    }
    return { value: 1, reason: `${c.path} is present (${shown})` };
  },
};
