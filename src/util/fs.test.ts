import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  jsonChunks,
  jsonFile,
  removeStaleTemps,
  TEMP_SUFFIX,
  withFileLock,
  writeFileAtomic,
} from "./fs.js";

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

describe("jsonChunks", () => {
  const text = (v: unknown, over?: number) => [...jsonChunks(v, over)].join("");
  const sample = {
    a: 1,
    b: 'x"y\n',
    skipped: undefined,
    fn: () => 1,
    nested: { list: [1, { c: null }, [], {}], when: new Date(0), empty: [] },
    holes: [undefined, () => 1, 2],
  };

  it("is JSON.stringify(value, null, 2) while no array is long", () => {
    expect(text(sample)).toBe(JSON.stringify(sample, null, 2));
    for (const v of [null, 0, "s", true, [], {}, [[]], { a: [{}] }])
      expect(text(v)).toBe(JSON.stringify(v, null, 2));
  });

  it("writes each element of a long array on one compact line, and parses back the same", () => {
    const changes = Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, scores: [i, i / 2] }));
    const value = { suites: [{ suite: "s", changes }], skip: undefined };
    const out = text(value, 3);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(out).toContain('\n        {"id":"c0","scores":[0,0]},\n');
    expect(out.split("\n")).toHaveLength(5 + 9);
  });

  it("writes through writeFileAtomic in blocks, the same text as one string", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmops-json-"));
    try {
      const big = { rows: Array.from({ length: 30_000 }, (_, i) => ({ i, s: "x".repeat(40) })) };
      await writeFileAtomic(join(dir, "big.json"), jsonFile(big));
      const read = readFileSync(join(dir, "big.json"), "utf8");
      expect(read.endsWith("}\n")).toBe(true);
      expect(JSON.parse(read)).toEqual(big);
      expect(readdirSync(dir)).toEqual(["big.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
