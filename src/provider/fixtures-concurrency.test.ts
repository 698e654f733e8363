/** Two runs recording into one project keep every recording (issue 11, item 7). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject } from "../test-support/project.js";
import { FIXTURE_LOCK, type FixtureEntry, FixtureStore } from "./fixtures.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function entry(i: number): FixtureEntry {
  return {
    case: `c${i}`,
    trial: 0,
    kind: "model",
    response: { content: `answer ${i}`, finishReason: "stop", latencyMs: 10 },
  };
}

describe("concurrent --record runs", () => {
  it("merge into the fixture file as it is on disk, under a lock: nothing is lost", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    // Both runs start (and read the recordings) before either writes.
    const a = new FixtureStore(p.dir, "fixtures");
    const b = new FixtureStore(p.dir, "fixtures");
    expect(await a.get("s", "k-start")).toBeUndefined();
    expect(await b.get("s", "k-start")).toBeUndefined();
    for (let i = 0; i < 20; i++) {
      await a.record("s", "m", `a${i}`, entry(i));
      await b.record("s", "m", `b${i}`, entry(100 + i));
    }
    await Promise.all([a.flush(), b.flush()]);
    const text = readFileSync(join(p.dir, "fixtures/s/m.yml"), "utf8");
    for (let i = 0; i < 20; i++) {
      expect(text).toContain(`a${i}:`);
      expect(text).toContain(`b${i}:`);
    }
    expect(existsSync(join(p.dir, "fixtures", FIXTURE_LOCK))).toBe(false);
  });

  it("takes over a lock left by a process that is gone", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    mkdirSync(join(p.dir, "fixtures"), { recursive: true });
    writeFileSync(
      join(p.dir, "fixtures", FIXTURE_LOCK),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname() }),
    );
    const s = new FixtureStore(p.dir, "fixtures");
    await s.record("s", "m", "k", entry(1));
    expect(await s.flush()).toEqual(["fixtures/s/m.yml"]);
  });

  it("with a redactor, a key the model echoed never reaches the journal or the file", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    const journal = join(p.dir, "run/recordings.jsonl");
    const redact = <T>(v: T): T =>
      JSON.parse(JSON.stringify(v).replaceAll("sk-secret-123456789", "[REDACTED]"));
    const s = new FixtureStore(p.dir, "fixtures", journal, redact);
    const e = {
      ...entry(1),
      response: { content: "your key is sk-secret-123456789", finishReason: "stop", latencyMs: 10 },
    };
    await s.record("s", "m", "k", e);
    await s.flush();
    for (const f of [journal, join(p.dir, "fixtures/s/m.yml")])
      expect(readFileSync(f, "utf8")).not.toContain("sk-secret-123456789");
  });
});
