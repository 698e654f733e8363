/** One retrieved chunk of a RAG record, with the access labels it carries. */
export interface Chunk {
  id?: string | undefined;
  text: string;
  /** Access labels; a user may see the chunk only with one of them among their permissions. */
  labels?: string[] | undefined;
}

/** One model call from a production log, whatever its format. */
export interface MonitorRecord {
  /** Stable id: a hash of the model's input. */
  id: string;
  /** Where the record was read (file and 1-based line). */
  file: string;
  line: number;
  /** Milliseconds since the epoch; undefined when the log has no time. */
  time: number | undefined;
  model: string;
  user: string | undefined;
  feature: string | undefined;
  group: string | undefined;
  /** System and developer messages. */
  system: string[];
  /** The last user message: what the scorers call the input or question. */
  input: string;
  output: string;
  finishReason: string | null;
  error: { class: string; message: string } | undefined;
  latencyMs: number | undefined;
  ttftMs: number | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cachedTokens: number | undefined;
  /** USD as logged; computed from the price when the log has none. */
  cost: number | undefined;
  context: Chunk[] | undefined;
  permissions: string[] | undefined;
  goldDocs: string[] | undefined;
}

/** A record as read, before ids and fields are resolved. */
export type RawRecord = Omit<MonitorRecord, "id" | "file" | "line">;

/** The dimensions a run slices by, besides the whole. */
export const DIMENSIONS = ["model", "feature", "group"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
