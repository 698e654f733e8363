/** The local response cache: entries written once, replaced when torn, never lost to a removed folder. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ResponseCache } from "./cache.js";
import type { StoredResponse } from "./stored.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llmops-cache-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const answer = (content: string): StoredResponse => ({
  content,
  finishReason: "stop",
  latencyMs: 3,
});

describe("ResponseCache", () => {
  it("keeps one file per key, under a folder named for the key's first two characters", async () => {
    const cache = new ResponseCache(dir);
    await cache.put("abcd", answer("one"));
    await cache.put("abef", answer("two"));
    await cache.put("cd01", answer("three"));
    expect(readdirSync(dir).sort()).toEqual(["ab", "cd"]);
    expect(readdirSync(join(dir, "ab")).sort()).toEqual(["abcd.json", "abef.json"]);
    expect(await cache.get("abef")).toEqual(answer("two"));
    expect(await cache.get("ffff")).toBeUndefined();
  });

  it("a second put of a key replaces the entry", async () => {
    const cache = new ResponseCache(dir);
    await cache.put("abcd", answer("old"));
    await cache.put("abcd", answer("new"));
    expect(await cache.get("abcd")).toEqual(answer("new"));
    expect(readdirSync(join(dir, "ab"))).toEqual(["abcd.json"]);
  });

  it("a torn entry (a process killed while writing it) is a miss, and the next put replaces it", async () => {
    const cache = new ResponseCache(dir);
    await cache.put("abcd", answer("first"));
    writeFileSync(join(dir, "ab/abcd.json"), '{"content":"fir');
    expect(await cache.get("abcd")).toBeUndefined();
    await cache.put("abcd", answer("again"));
    expect(await cache.get("abcd")).toEqual(answer("again"));
  });

  it("writes on when the cache folder is removed while a run uses it", async () => {
    const cache = new ResponseCache(join(dir, "cache"));
    await cache.put("abcd", answer("before"));
    rmSync(join(dir, "cache"), { recursive: true });
    await cache.put("abcd", answer("after"));
    await cache.put("ab99", answer("beside"));
    expect(await cache.get("abcd")).toEqual(answer("after"));
    expect(await cache.get("ab99")).toEqual(answer("beside"));
  });

  it("concurrent puts of one key leave one whole entry, and no temporary file", async () => {
    const cache = new ResponseCache(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.put("abcd", answer(`n${i}`))));
    expect(readdirSync(join(dir, "ab"))).toEqual(["abcd.json"]);
    expect((await cache.get("abcd"))?.content).toMatch(/^n\d+$/);
  });

  it("redacts an entry before it is written", async () => {
    const cache = new ResponseCache(dir, <T>(v: T) =>
      JSON.parse(JSON.stringify(v).replaceAll("sk-secret", "[redacted]")),
    );
    await cache.put("abcd", answer("key sk-secret"));
    expect((await cache.get("abcd"))?.content).toBe("key [redacted]");
  });
});
