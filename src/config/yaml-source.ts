import {
  type Document,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
} from "yaml";
import type { Problem } from "../errors.js";
import { excessiveNesting, MAX_DEPTH, MAX_VALUES, measureValue } from "../util/nesting.js";
import { groupDigits } from "../util/stats.js";

/** A parsed YAML file that can say where any path of its value was written. */
export interface YamlSource {
  /** Path for messages, relative to the project root. */
  file: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

export type Location = { line: number; col: number };

/**
 * One anchor may be used this many times (a shared `vars:` block in hundreds of cases); the
 * `yaml` library's default, 100, refused ordinary files. Real bombs nest aliases of aliases and
 * are caught by this limit (it weighs nested aliases) and by the expanded-size check.
 */
const MAX_ALIAS_COUNT = 10_000;

/**
 * Parse YAML text, collecting syntax errors (every one, located) instead of throwing. Input that
 * would exhaust the parser (deep nesting, alias bombs) is a located problem too.
 */
export function parseYaml(
  file: string,
  text: string,
  opts: ParseYamlOptions = {},
): { source?: YamlSource; problems: Problem[]; moreDocuments?: Location } {
  let lines = new LineCounter();
  const deep = excessiveNesting(text);
  if (deep !== undefined) {
    lines.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0 && i < deep; i = text.indexOf("\n", i + 1))
      lines.addNewLine(i + 1);
    return { problems: [tooDeep(file, lines.linePos(deep))] };
  }
  const options = {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: "error",
    ...(opts.merge ? { merge: true } : {}),
  } as const;
  let doc: Document = parseDocument(text, options);
  let moreDocuments: Location | undefined;
  if (opts.firstDocument && doc.errors.some((e) => e.code === "MULTIPLE_DOCS")) {
    lines = new LineCounter();
    const docs = parseAllDocuments(text, { ...options, lineCounter: lines });
    if (Array.isArray(docs) && docs[0] && docs[1]) {
      doc = docs[0];
      moreDocuments = lines.linePos(docs[1].range[0]);
    }
  }
  if (doc.errors.length > 0) {
    const all = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      return {
        file,
        line: pos.line,
        col: pos.col,
        message: `YAML syntax: ${firstLine(e.message)}`,
        hint: yamlHint(e.code),
      };
    });
    return { problems: firstSyntaxErrors(all) };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!(err instanceof ReferenceError || err instanceof RangeError)) throw err;
    return { problems: [tooLarge(file)] };
  }
  const size = measureValue(value);
  if (size !== "ok") return { problems: [size === "too-deep" ? tooDeep(file) : tooLarge(file)] };
  return {
    source: { file, doc, lines, value },
    problems: [],
    ...(moreDocuments ? { moreDocuments } : {}),
  };
}

export interface ParseYamlOptions {
  /** Merge keys (`<<: *anchor`) merge, as YAML 1.1 parsers (Go's yaml.v3) do. */
  merge?: boolean;
  /** A multi-document file yields its first document (and where the second starts). */
  firstDocument?: boolean;
}

/** Syntax errors shown per file: after the first few, the rest mostly follow from them. */
const MAX_SYNTAX_ERRORS = 3;

/**
 * The first syntax error of each line, at most {@link MAX_SYNTAX_ERRORS}; the last one shown says
 * how many more the parser reported. One stray character can make the parser report an error at
 * every token after it (62 for an 8-line file): a wall of errors hides the one to fix.
 */
function firstSyntaxErrors(all: Problem[]): Problem[] {
  const shown: Problem[] = [];
  const lines = new Set<number | undefined>();
  for (const p of all) {
    if (lines.has(p.line) || shown.length === MAX_SYNTAX_ERRORS) continue;
    lines.add(p.line);
    shown.push(p);
  }
  const rest = all.length - shown.length;
  if (rest > 0) {
    const last = shown.at(-1)!;
    shown[shown.length - 1] = {
      ...last,
      hint: `${last.hint ? `${last.hint}; ` : ""}${rest} more syntax error${rest === 1 ? "" : "s"} after this, most likely caused by the first: fix it and validate again`,
    };
  }
  return shown;
}

function tooDeep(file: string, at?: Location): Problem {
  return {
    file,
    ...at,
    message: `nested more than ${MAX_DEPTH} levels deep`,
    hint: "flatten the data; llmops refuses input this deep rather than overflow",
  };
}

function tooLarge(file: string): Problem {
  return {
    file,
    message: `YAML aliases expand to more than ${groupDigits(MAX_VALUES)} values`,
    hint: 'an anchor may be reused freely, but aliases of aliases multiply (a "YAML bomb"); expand them by hand',
  };
}

function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

function yamlHint(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "each key may appear once in a mapping";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation and that each list item starts with '- '";
    case "TAB_AS_INDENT":
      return "YAML indents with spaces, not tabs";
    default:
      return "quote values that contain ': ', '#', '{' or start with '*', '&', '!', '%' or '@'";
  }
}

/**
 * Where `path` was written: the node itself when it exists, else its nearest existing parent.
 * For a key that is present but unwanted, the key's own position.
 */
export function locate(source: YamlSource, path: readonly PropertyKey[]): Location {
  let node: unknown = source.doc.contents;
  let offset = isNode(node) && node.range ? node.range[0] : 0;
  for (const key of path) {
    const next = childOf(node, key);
    if (!next) break;
    node = next.value;
    offset = next.offset;
  }
  return source.lines.linePos(offset);
}

function childOf(node: unknown, key: PropertyKey): { value: unknown; offset: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key,
    );
    if (!pair) return undefined;
    const v = pair.value;
    const k = pair.key;
    const offset =
      isNode(v) && v.range && !isNullScalar(v) ? v.range[0] : isNode(k) && k.range ? k.range[0] : 0;
    return { value: v, offset };
  }
  if (isSeq(node) && typeof key === "number") {
    const item = node.items[key];
    if (!isNode(item) || !item.range) return undefined;
    return { value: item, offset: item.range[0] };
  }
  return undefined;
}

function isNullScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.source === "";
}

/** The position of a key itself (for "unknown key" messages). */
export function locateKey(source: YamlSource, path: readonly PropertyKey[], key: string): Location {
  const parent = path.reduce<unknown>(
    (n, k) => childOf(n, k)?.value,
    source.doc.contents as unknown,
  );
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isNode(pair.key) && pair.key.range) return source.lines.linePos(pair.key.range[0]);
  }
  return locate(source, path);
}
