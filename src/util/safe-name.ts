import { digest } from "./hash.js";

const PLAIN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/**
 * A name (a suite's, a model's) as one safe path segment: names of letters, digits, `.`, `_` and
 * `-` stay as they are, so existing fixtures and baselines keep their paths; anything else (`..`,
 * `/`, a leading dot, spaces, control characters, 100+ characters) becomes its safe characters
 * plus a short hash of the whole name, so two names never share a file and none leaves its folder.
 */
export function safeFileName(name: string): string {
  if (PLAIN.test(name)) return name;
  const kept = name
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 60);
  return `${kept ? `${kept}-` : ""}${digest(name, 8)}`;
}
