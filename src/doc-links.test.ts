import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./test-support/project.js";

// Issue 13: every relative link of README.md and docs/*.md leads to a file that exists, and an
// anchor to a heading of it.
const pages = [
  "README.md",
  ...readdirSync(join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

function links(page: string): string[] {
  const text = readFileSync(join(REPO_ROOT, page), "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((l) => !/^[a-z]+:/i.test(l));
}

describe("relative links in the docs", () => {
  it.each(pages)("%s: every relative link resolves", (page) => {
    const broken: string[] = [];
    for (const link of links(page)) {
      const [path, anchor] = link.split("#") as [string, string | undefined];
      const target = path === "" ? join(REPO_ROOT, page) : join(REPO_ROOT, dirname(page), path);
      if (!existsSync(target)) broken.push(`${link} (no such file)`);
      else if (anchor && target.endsWith(".md") && !anchors(target).has(anchor))
        broken.push(`${link} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });

  it("finds the links it checks", () => {
    expect(links("README.md")).toContain("docs/config.md");
    expect(links("docs/config.md")).toContain("formats.md#configuration-llmopsyaml");
  });
});
