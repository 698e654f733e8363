import type { z } from "zod";

type AnySchema = z.core.$ZodType;
type Def = {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  valueType?: AnySchema;
};

function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strip wrappers (optional, nullable, default, pipe/transform) down to the structural schema. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if (d.innerType) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = d.in;
    else return s;
  }
}

/**
 * The keys an object schema accepts at `path` of `value`, for did-you-mean hints on unknown keys.
 * Picks a discriminated union's member by the value's discriminator.
 */
export function knownKeysAt(
  root: AnySchema,
  value: unknown,
  path: readonly PropertyKey[],
): string[] {
  let schema: AnySchema | undefined = root;
  let v: unknown = value;
  for (const key of [...path, undefined]) {
    if (!schema) return [];
    schema = unwrap(schema);
    let d = defOf(schema);
    if (d.type === "union" && d.options) {
      const picked = pickOption(d, v);
      if (!picked) return [];
      schema = unwrap(picked);
      d = defOf(schema);
    }
    if (key === undefined)
      return d.shape ? Object.keys(d.shape).filter((k) => k !== "$schema") : [];
    if (d.type === "object" && d.shape) schema = d.shape[String(key)];
    else if (d.type === "array") schema = d.element;
    else if (d.type === "record") schema = d.valueType;
    else return [];
    v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key as string] : undefined;
  }
  return [];
}

function pickOption(d: Def, v: unknown): AnySchema | undefined {
  const options = d.options ?? [];
  if (d.discriminator && v && typeof v === "object") {
    const want = (v as Record<string, unknown>)[d.discriminator];
    return options.find((o) => {
      const shape = defOf(unwrap(o)).shape;
      const lit = shape?.[d.discriminator!];
      const values = lit ? (defOf(lit) as { values?: unknown[] }).values : undefined;
      return values?.includes(want);
    });
  }
  return options.find((o) => defOf(unwrap(o)).type === "object");
}
