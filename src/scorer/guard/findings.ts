import type { Finding } from "./types.js";

/** "email j***@e***.com, card ************4242 and 3 more": never the full values. */
export function describeFindings(findings: readonly Finding[], max = 4): string {
  const shown = findings.slice(0, max).map((f) => `${f.kind.replace(/_/g, " ")} ${f.masked}`);
  const more = findings.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** Replace each finding with a label; findings must not overlap. */
export function replaceFindings<K extends string>(
  text: string,
  findings: readonly Finding<K>[],
  label: (kind: K) => string,
): string {
  let out = "";
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, f.start) + label(f.kind);
    at = f.end;
  }
  return out + text.slice(at);
}

/** Keep non-overlapping findings, the earliest (then the longest) first. */
export function dropOverlaps<F extends Finding>(findings: F[]): F[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: F[] = [];
  for (const f of sorted) {
    const last = kept[kept.length - 1];
    if (!last || f.start >= last.end) kept.push(f);
  }
  return kept;
}
