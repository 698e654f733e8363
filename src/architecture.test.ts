import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importViolations } from "./test-support/import-order.js";

describe("one direction of flow", () => {
  it("no folder of src/ imports a folder above it or beside it", () => {
    expect(importViolations(join(import.meta.dirname))).toEqual([]);
  });

  it("catches a deliberate upward import, a sideways one and an unknown folder", () => {
    const src = mkdtempSync(join(tmpdir(), "llmops-layers-"));
    try {
      const put = (file: string, text: string) => {
        mkdirSync(join(src, file, ".."), { recursive: true });
        writeFileSync(join(src, file), text);
      };
      put("run/plan.ts", 'import { x } from "../commands/eval.js";\nexport const y = x;\n');
      put("commands/eval.ts", 'import { z } from "../run/plan.js";\nexport const x = z;\n');
      put("prompt/a.ts", 'import type { C } from "../dataset/b.js";\nexport type A = C;\n');
      put("dataset/b.ts", "export type C = 1;\n");
      put("extra/c.ts", 'export { x } from "../commands/eval.js";\n');
      put("run/plan.test.ts", 'import "../cli/main.js";\n');
      const found = importViolations(src).map((v) => `${v.file} -> ${v.imports}: ${v.why}`);
      expect(found.sort()).toEqual([
        "extra/c.ts -> commands/eval.js: extra is not in LAYERS",
        "prompt/a.ts -> dataset/b.js: prompt and dataset are one layer",
        "run/plan.ts -> commands/eval.js: run may not import commands (upward)",
      ]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
