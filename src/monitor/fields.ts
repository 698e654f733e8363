import type { Chunk } from "./types.js";

/** The value at a dotted path; a key that itself holds dots (OTLP attributes) is tried first. */
export function getPath(value: unknown, path: string): unknown {
  if (value === null || typeof value !== "object") return undefined;
  const o = value as Record<string, unknown>;
  if (path in o) return o[path];
  const dot = path.indexOf(".");
  if (dot < 0) return undefined;
  // Try every split so "gen_ai.prompt" under "attributes" and "a.b" nested both resolve.
  for (let i = dot; i >= 0; i = path.indexOf(".", i + 1)) {
    const head = path.slice(0, i);
    if (head in o) {
      const found = getPath(o[head], path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A scalar as a string label, or undefined. */
export function asLabel(v: unknown): string | undefined {
  if (typeof v === "string") return v || undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function asNumber(v: unknown): number | undefined {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** A list of strings from a list, or a comma-separated string. */
export function asStrings(v: unknown): string[] | undefined {
  v = parseJsonText(v);
  if (Array.isArray(v)) return v.map(asLabel).filter((s): s is string => s !== undefined);
  if (typeof v === "string")
    return v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return undefined;
}

/** Milliseconds since the epoch from ISO text, unix seconds, milliseconds or nanoseconds. */
export function asTime(v: unknown): number | undefined {
  if (typeof v === "string" && !/^\d+(\.\d+)?$/.test(v.trim())) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  const n = asNumber(v);
  if (n === undefined || n <= 0) return undefined;
  if (n < 1e11) return n * 1000;
  if (n < 1e14) return n;
  return n / 1e6;
}

/** Retrieved context as chunks: a string, strings, or objects with text/content and id/labels. */
export function asChunks(v: unknown): Chunk[] | undefined {
  v = parseJsonText(v);
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return [{ text: v }];
  if (!Array.isArray(v)) return undefined;
  return v.map((c): Chunk => {
    if (typeof c === "string") return { text: c };
    const o = (c ?? {}) as Record<string, unknown>;
    const text = asLabel(o.text ?? o.content ?? o.page_content) ?? "";
    return {
      id: asLabel(o.id ?? o.doc_id ?? o.document_id),
      text,
      labels: asStrings(o.labels ?? o.acl ?? o.access ?? o.access_labels),
    };
  });
}

/** Text of a chat message's content: a string, or OpenAI content parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((p) => (typeof p === "string" ? p : (asLabel((p as { text?: unknown })?.text) ?? "")))
      .join("");
  return "";
}

/** A list or object sent as JSON text (OTLP attributes carry structured values so). */
export function parseJsonText(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
