import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every depth and no whitespace: equal values, equal text. Written
 * directly for plain data (every request a run hashes), without a sorted copy of it first; the
 * text is exactly `JSON.stringify(sortKeys(value))`'s, which anything else still goes through.
 */
export function canonicalJson(value: unknown): string {
  return sortedJson(value) as string;
}

function sortedJson(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++)
      out += `${i ? "," : ""}${sortedJson(value[i]) ?? "null"}`;
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (
    (proto !== Object.prototype && proto !== null) ||
    "toJSON" in value ||
    Object.hasOwn(value, "__proto__")
  )
    return JSON.stringify(sortKeys(value));
  let out = "";
  for (const key of ordered(Object.keys(value))) {
    const v = sortedJson((value as Record<string, unknown>)[key]);
    if (v !== undefined) out += `${out ? "," : ""}${JSON.stringify(key)}:${v}`;
  }
  return `{${out}}`;
}

/** An array index as a key (`"2"`, not `"02"`): objects keep these first, in numeric order. */
const INDEX = /^(?:0|[1-9]\d{0,9})$/;
const isIndex = (k: string) => INDEX.test(k) && Number(k) <= 4294967294;

/**
 * Keys in the order an object built by sortKeys holds them: sorted, except that JavaScript puts
 * array-index keys first, in numeric order (`{"2":…,"10":…,"a":…}`); hashes were always of that.
 */
function ordered(keys: string[]): string[] {
  sortStrings(keys);
  if (!keys.some(isIndex)) return keys;
  const indices = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isIndex(k))];
}

/**
 * Array#sort's order, in place. A request's objects have a handful of keys, and Array#sort sets
 * up its work space on every call (~400 bytes; a run hashes ~5 objects a request): an insertion
 * sort allocates nothing. Long key lists still go to Array#sort.
 */
function sortStrings(keys: string[]): void {
  if (keys.length > 24) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
}

/** A deep copy of `value` whose object keys are sorted; `undefined` members are dropped. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A short, stable digest of any JSON-able value. */
export function digest(value: unknown, length = 12): string {
  return sha256(canonicalJson(value)).slice(0, length);
}
