import { readFile } from "node:fs/promises";
import type { z } from "zod";
import type { Problem } from "../errors.js";
import { decodeUtf8, invalidUtf8Message } from "../util/decode-utf8.js";
import { issuesToProblems } from "./issues.js";
import { knownKeysAt } from "./schema-keys.js";
import { parseYaml, type YamlSource } from "./yaml-source.js";

export interface Validated<T> {
  data?: T;
  source?: YamlSource;
  problems: Problem[];
}

/** Read a YAML file, parse it and validate it against a schema; every problem located. */
export async function readValidated<S extends z.ZodType>(
  absPath: string,
  file: string,
  schema: S,
): Promise<Validated<z.output<S>>> {
  const read = await readText(absPath, file);
  if ("problem" in read) return { problems: [read.problem] };
  return validateText(read.text, file, schema);
}

/** A user's text file, strictly UTF-8 (a BOM is dropped); unreadable or mis-encoded is a problem. */
export async function readText(
  absPath: string,
  file: string,
): Promise<{ text: string } | { problem: Problem }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (err) {
    return { problem: fileProblem(file, err) };
  }
  const decoded = decodeUtf8(bytes);
  if ("text" in decoded) return decoded;
  return {
    problem: {
      file,
      line: decoded.line,
      col: decoded.col,
      message: invalidUtf8Message(decoded.byte),
      hint: "save the file as UTF-8",
    },
  };
}

export function validateText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): Validated<z.output<S>> {
  const { source, problems } = parseYaml(file, text);
  if (!source) return { problems };
  if (source.value === null || source.value === undefined) {
    return {
      source,
      problems: [
        {
          file,
          line: 1,
          col: 1,
          message: "the file is empty",
          hint: "see `llmops init` for an example",
        },
      ],
    };
  }
  return validateSource(source, schema);
}

/** Validate a parsed file's value (possibly normalised) against a schema; problems located. */
export function validateSource<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
): Validated<z.output<S>> {
  // jitless: zod compiles a fast path for each object schema the first time it parses one, which
  // a file parsed once never repays (llmops validate of the examples: 450 -> 430 ms).
  const result = schema.safeParse(source.value, { reportInput: true, jitless: true });
  if (!result.success) {
    return {
      source,
      problems: issuesToProblems(source, result.error.issues, (path) =>
        knownKeysAt(schema, source.value, path),
      ),
    };
  }
  return { source, data: result.data, problems: [] };
}

/** A problem for a file that could not be read, worded for people. */
export function fileProblem(file: string, err: unknown): Problem {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return {
      file,
      message: "file not found",
      hint: "check the path; it is relative to the file that names it",
    };
  if (code === "EISDIR") return { file, message: "is a directory, expected a file" };
  if (code === "EACCES") return { file, message: "permission denied" };
  if (code === "ERR_INVALID_ARG_VALUE" || code === "ENAMETOOLONG")
    return { file, message: "not a valid file path" };
  return { file, message: `cannot read: ${(err as Error).message}` };
}
