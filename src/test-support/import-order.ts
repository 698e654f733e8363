import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * The folders of src/, top to bottom. A file may import from its own folder and from folders
 * in lower layers, never from a higher layer or from another folder of its own layer.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["cli"],
  ["commands"],
  ["view"],
  ["report"],
  ["monitor"],
  ["compare"],
  ["run"],
  ["scorer"],
  ["suite"],
  ["provider"],
  ["prompt", "dataset"],
  ["config"],
  ["git", "util"],
  ["errors", "version"],
];

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every import under `src` (tests and test-support left out) that runs against LAYERS. */
export function importViolations(src: string, layers = LAYERS): Violation[] {
  const rank = new Map(layers.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
  const top = (p: string) => p.split(sep)[0]!.replace(/\.m?ts$|\.js$/, "");
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
    (f) => /\.m?ts$/.test(f) && !/\.test\.ts$/.test(f) && top(f) !== "test-support",
  );
  const out: Violation[] = [];
  for (const file of files) {
    const from = top(file);
    const text = readFileSync(join(src, file), "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const target = relative(src, resolve(dirname(join(src, file)), (m[1] ?? m[2])!));
      const to = top(target);
      if (to === from || target.startsWith("..")) continue;
      const a = rank.get(from);
      const b = rank.get(to);
      if (a === undefined || b === undefined)
        out.push({ file, imports: target, why: `${a === undefined ? from : to} is not in LAYERS` });
      else if (b < a)
        out.push({ file, imports: target, why: `${from} may not import ${to} (upward)` });
      else if (b === a) out.push({ file, imports: target, why: `${from} and ${to} are one layer` });
    }
  }
  return out;
}
