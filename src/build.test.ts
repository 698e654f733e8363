/** The built bundle (npm run build, scripts/bundle.mjs) keeps the semantics of the ES modules it is made from. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = join(import.meta.dirname, "../dist");

describe("the CommonJS bundle", () => {
  it("is strict code in every chunk, as the ES modules it was built from are", () => {
    const chunks = readdirSync(DIST).filter((f) => f.startsWith("llmops-") && f.endsWith(".cjs"));
    expect(chunks).toContain("llmops-main.cjs");
    expect(chunks.length).toBeGreaterThan(10);
    const sloppy = chunks.filter(
      (f) => !readFileSync(join(DIST, f), "utf8").startsWith('"use strict";'),
    );
    expect(sloppy).toEqual([]);
  });
});
