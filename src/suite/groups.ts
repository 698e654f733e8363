import type { Case } from "../dataset/types.js";
import type { Suite } from "./types.js";

/**
 * The group of a case under a suite's `groupBy`: `tag:<prefix>` reads the case's tag
 * `<prefix>:<group>`, `vars.<name>` the variable (a scalar). Undefined when the case has none:
 * such a case is in no group and the fairness gate leaves it out.
 */
export function caseGroup(groupBy: string, c: Pick<Case, "tags" | "vars">): string | undefined {
  if (groupBy.startsWith("tag:")) {
    const prefix = `${groupBy.slice(4)}:`;
    const tag = c.tags?.find((t) => t.startsWith(prefix));
    return tag === undefined ? undefined : tag.slice(prefix.length);
  }
  const v = c.vars[groupBy.slice("vars.".length)];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? String(v)
    : undefined;
}

/** Per suite with a `groupBy`, the group of each case that has one. */
export function suiteGroups(suites: readonly Suite[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const s of suites) {
    if (!s.groupBy) continue;
    const groups = new Map<string, string>();
    for (const c of s.cases) {
      const g = caseGroup(s.groupBy, c);
      if (g !== undefined) groups.set(c.id, g);
    }
    out.set(s.name, groups);
  }
  return out;
}
