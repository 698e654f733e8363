import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { UsageError } from "../errors.js";

/**
 * Variables from `--var` flags: `key=text` sets a string, `key:=json` a JSON value, and a dotted
 * key (`user.name=Ada`) a nested one.
 */
export function parseVarFlags(flags: string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const flag of flags) {
    const m = /^([A-Za-z_][\w-]*(?:\.[\w-]+)*)(:?=)([\s\S]*)$/.exec(flag);
    if (!m)
      throw new UsageError(
        `--var "${flag}": expected key=value`,
        "e.g. --var question='Where is my order?' or --var n:=3",
      );
    const [, key, op, raw] = m as unknown as [string, string, string, string];
    let value: unknown = raw;
    if (op === ":=") {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new UsageError(
          `--var "${flag}": the value after := is not valid JSON`,
          "use key=value for plain text",
        );
      }
    }
    setPath(vars, key.split("."), value);
  }
  return vars;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let obj = target;
  for (const part of path.slice(0, -1)) {
    const next = obj[part];
    if (!next || typeof next !== "object" || Array.isArray(next)) obj[part] = {};
    obj = obj[part] as Record<string, unknown>;
  }
  obj[path.at(-1)!] = value;
}

/** Variables from a YAML or JSON file holding one mapping. */
export async function readVarsFile(
  path: string,
  display: string,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`--vars-file ${display}: file not found`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new UsageError(`--vars-file ${display}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`--vars-file ${display}: expected a mapping of variable names to values`);
  }
  return value as Record<string, unknown>;
}
