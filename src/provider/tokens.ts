import { templateParts } from "../prompt/template.js";
import type { Message } from "../prompt/types.js";

/** The BPE encodings OpenAI chat models use. */
export type EncodingName = "o200k_base" | "cl100k_base";

/** How a model's requests are counted: its encoding, and whether that encoding is known. */
export interface Tokenizer {
  encoding: EncodingName;
  /** False for a model whose tokenizer is unknown: counted with o200k_base, as an approximation. */
  exact: boolean;
}

/**
 * The tokenizer of a model id (a dated snapshot and an "openai/" prefix are ignored): o200k_base
 * for the gpt-4o, gpt-4.1, gpt-5 and o-series families, cl100k_base for gpt-4, gpt-4-turbo and
 * gpt-3.5-turbo. Any other model is counted with o200k_base and marked approximate.
 */
export function tokenizerFor(id: string): Tokenizer {
  const bare = id.replace(/^openai\//, "");
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o)(-|$)/.test(bare))
    return { encoding: "o200k_base", exact: true };
  if (/^(gpt-4|gpt-3\.5-turbo)(-|$)/.test(bare)) return { encoding: "cl100k_base", exact: true };
  return { encoding: "o200k_base", exact: false };
}

type Encode = (text: string) => number[];
const loaded = new Map<EncodingName, Promise<Encode>>();

/** The encoder of an encoding, loaded once and only when needed (the tables are large). */
export function loadEncoder(name: EncodingName): Promise<Encode> {
  let p = loaded.get(name);
  if (!p) {
    // Special-token text in a prompt ("<|endoftext|>") is counted as plain text, as the API does.
    const opts = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };
    p =
      name === "o200k_base"
        ? import("gpt-tokenizer/encoding/o200k_base").then((m) => (t: string) => m.encode(t, opts))
        : import("gpt-tokenizer/encoding/cl100k_base").then(
            (m) => (t: string) => m.encode(t, opts),
          );
    loaded.set(name, p);
  }
  return p;
}

/**
 * OpenAI's rule for chat input (the cookbook's num_tokens_from_messages, every model since
 * gpt-3.5-turbo-0613): each message costs 3 tokens of framing plus its role and content, a name
 * 1 more, and every request 3 more that prime the reply.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING = 3;

/** Input tokens of each message (framing included) and of the whole request. */
export function countChat(
  encode: Encode,
  messages: readonly (Pick<Message, "role" | "content"> & { name?: string })[],
): { perMessage: number[]; total: number } {
  const perMessage = messages.map(
    (m) =>
      TOKENS_PER_MESSAGE +
      encode(m.role).length +
      encode(m.content).length +
      (m.name !== undefined ? encode(m.name).length + TOKENS_PER_NAME : 0),
  );
  return { perMessage, total: perMessage.reduce((a, b) => a + b, 0) + REPLY_PRIMING };
}

/** OpenAI caches a prompt's prefix only from 1,024 tokens on, in steps of 128. */
export const MIN_CACHED_PREFIX = 1024;

/**
 * The static text of a prompt before and after its first variable, counted with `count`;
 * undefined for a prompt without variables.
 */
export function staticAroundFirstVariable(
  count: (text: string) => number,
  messages: readonly Pick<Message, "role" | "content">[],
): { before: number; after: number; variable: string; message: number } | undefined {
  let before = 0;
  let after = 0;
  let first: { variable: string; message: number } | undefined;
  messages.forEach((m, i) => {
    for (const part of templateParts(m.content)) {
      if ("variable" in part) first ??= { variable: part.variable, message: i };
      else if (first) after += count(part.text);
      else before += count(part.text);
    }
  });
  return first ? { before, after, ...first } : undefined;
}

/**
 * A prompt whose variables come before most of its static text: each case changes the prefix, so
 * the provider's prompt cache (which matches a shared prefix of at least 1,024 tokens) never hits.
 * Undefined when the static prefix is long enough to cache, or little static text follows it.
 */
export function cacheUnfriendly(
  count: (text: string) => number,
  messages: readonly Pick<Message, "role" | "content">[],
): { before: number; after: number; variable: string; message: number } | undefined {
  const s = staticAroundFirstVariable(count, messages);
  if (!s || s.before >= MIN_CACHED_PREFIX || s.after < MIN_CACHED_PREFIX) return undefined;
  return s;
}
