import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeStaleTemps, TEMP_SUFFIX, withFileLock, writeFileAtomic } from "./fs.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llmops-fs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DEAD_PID = 2 ** 22 + 4321;

describe("temporary files", () => {
  it("writeFileAtomic leaves only the file", async () => {
    await writeFileAtomic(join(dir, "a.json"), "{}");
    expect(readdirSync(dir)).toEqual(["a.json"]);
  });

  it("a killed run's temporaries are removed on the next run; a live writer's are kept", async () => {
    mkdirSync(join(dir, "sub"));
    const dead = `.s.json.${DEAD_PID}-0a1b2c3d${TEMP_SUFFIX}`;
    const live = `.t.json.${process.pid}-0a1b2c3d${TEMP_SUFFIX}`;
    const legacy = "s.json.deadbeef.tmp";
    for (const f of [dead, live, legacy, "s.json", "notes.tmp"]) writeFileSync(join(dir, f), "x");
    writeFileSync(join(dir, "sub", dead), "x");
    const removed = await removeStaleTemps(dir);
    expect(removed.sort()).toEqual([join(dir, dead), join(dir, legacy)].sort());
    expect(readdirSync(dir).sort()).toEqual([live, "notes.tmp", "s.json", "sub"].sort());
    expect(existsSync(join(dir, "sub", dead))).toBe(true);
    await removeStaleTemps(dir, true);
    expect(existsSync(join(dir, "sub", dead))).toBe(false);
  });
});

describe("withFileLock", () => {
  it("runs holders one at a time", async () => {
    const lock = join(dir, "x.lock");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withFileLock(lock, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 10));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });
});
