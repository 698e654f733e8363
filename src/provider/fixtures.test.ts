import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createSeededRandom as rng } from "../compare/distributions.js";
import { ConfigError, formatProblem } from "../errors.js";
import { tempProject } from "../test-support/project.js";
import { type FixtureEntry, FixtureStore, formatFixture } from "./fixtures.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const tricky = [
  "two lines\nof text",
  "2024-01-01",
  "yes",
  "null",
  "0x1F",
  "1e3",
  "  leading and trailing spaces  ",
  "# not a comment",
  "key: value",
  "- not a list",
  "ends with newline\n",
  "emoji 👍 and “quotes”",
  "tab\there",
  "",
];

function contentOf(e: FixtureEntry | undefined): string | undefined {
  return e && "content" in e.response ? e.response.content : undefined;
}

function entry(content: string, i: number): FixtureEntry {
  return {
    case: `c${i}`,
    trial: 0,
    kind: "model",
    response: {
      content,
      finishReason: "stop",
      usage: { promptTokens: 1, completionTokens: 2 },
      latencyMs: 10 + i,
    },
  };
}

describe("FixtureStore", () => {
  it("round-trips any text exactly, whatever YAML would read into it", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    const store = new FixtureStore(p.dir, "fixtures");
    for (const [i, content] of tricky.entries())
      await store.record("s", "m", String(1000 + i).padStart(16, "9"), entry(content, i));
    // A key made only of digits must stay a string key.
    await store.record("s", "m", "1234567890123456", entry("digits key", 99));
    expect(await store.flush()).toEqual(["fixtures/s/m.yml"]);
    const again = new FixtureStore(p.dir, "fixtures");
    for (const [i, content] of tricky.entries())
      expect(contentOf(await again.get("s", String(1000 + i).padStart(16, "9")))).toBe(content);
    expect(contentOf(await again.get("s", "1234567890123456"))).toBe("digits key");
  });

  it("writes a file entry by entry, exactly the text one stringify of the whole file gives", () => {
    const r = rng(11);
    const bits = [
      "a",
      " ",
      "  ",
      "\n",
      "\n\n",
      "\t",
      "\r",
      "#",
      ": ",
      "- ",
      '"',
      "'",
      "|",
      "é",
      "👍",
      "x".repeat(90),
    ];
    const text = () =>
      Array.from({ length: Math.floor(r() * 12) }, () => bits[Math.floor(r() * bits.length)]).join(
        "",
      );
    const entries: Record<string, FixtureEntry> = {};
    for (const [i, t] of [...tricky, ...Array.from({ length: 300 }, text)].entries()) {
      const e = entry(t, i);
      if (i % 7 === 1) e.scorer = "judge: grounded";
      if (i % 5 === 2 && "content" in e.response) e.response.toolArguments = text();
      entries[String(i).padStart(16, "0")] =
        i % 11 === 3
          ? { ...e, response: { error: { class: "bad_request", message: text() }, latencyMs: 3 } }
          : e;
    }
    const header = (suite: string, model: string) =>
      `# Recorded responses of suite ${suite}, model ${model}. Written by llmops eval --record;\n# entries are keyed by a hash of the request. Review changes like code.\n`;
    const options = {
      lineWidth: 0,
      blockQuote: "literal",
      sortMapEntries: false,
      aliasDuplicateObjects: false,
    } as const;
    for (const file of [
      { version: 1 as const, suite: "s", model: "openai/gpt-4o", entries },
      { version: 1 as const, note: "by hand", suite: "s: x", model: "m", entries },
      { version: 1 as const, suite: "s", model: "m", entries: {} },
      { version: 1 as const, suite: "s", model: "m", entries: null },
      // Entries not last (a file written by hand): written in one piece, as before.
      { version: 1 as const, entries, suite: "s", model: "m" },
    ])
      expect([...formatFixture(file)].join("")).toBe(
        header(file.suite, file.model) + stringify(file, options),
      );
  });

  it("a hand-broken recording is a located problem, not a crash", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    const store = new FixtureStore(p.dir, "fixtures");
    await store.record("s", "m", "aaaaaaaaaaaaaaaa", entry("ok", 1));
    await store.flush();
    const file = join(p.dir, "fixtures/s/m.yml");
    writeFileSync(file, readFileSync(file, "utf8").replace("trial: 0", "trial: zero"));
    try {
      await new FixtureStore(p.dir, "fixtures").get("s", "aaaaaaaaaaaaaaaa");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect(formatProblem((err as ConfigError).problems[0]!)).toMatch(
        /^fixtures\/s\/m\.yml:\d+:\d+: entries\.aaaaaaaaaaaaaaaa\.trial: expected a number/,
      );
    }
  });

  it("a checked recording is kept as JSON for the next read, and never outlives an edit", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    const store = new FixtureStore(p.dir, "fixtures");
    await store.record("s", "m", "aaaaaaaaaaaaaaaa", entry("first", 1));
    await store.flush();
    expect(contentOf(await new FixtureStore(p.dir, "fixtures").get("s", "aaaaaaaaaaaaaaaa"))).toBe(
      "first",
    );
    const parsed = join(p.dir, ".llmops/parsed");
    expect(readdirSync(parsed)).toHaveLength(1);
    expect(contentOf(await new FixtureStore(p.dir, "fixtures").get("s", "aaaaaaaaaaaaaaaa"))).toBe(
      "first",
    );
    // A hand edit of the YAML wins over the copy; a broken edit is still a located problem.
    const file = join(p.dir, "fixtures/s/m.yml");
    writeFileSync(file, readFileSync(file, "utf8").replace("content: first", "content: edited"));
    expect(contentOf(await new FixtureStore(p.dir, "fixtures").get("s", "aaaaaaaaaaaaaaaa"))).toBe(
      "edited",
    );
    writeFileSync(file, readFileSync(file, "utf8").replace("trial: 0", "trial: zero"));
    await expect(new FixtureStore(p.dir, "fixtures").get("s", "aaaaaaaaaaaaaaaa")).rejects.toThrow(
      ConfigError,
    );
    expect(readdirSync(parsed)).toHaveLength(1);
  });

  it("a resumed --record --prune run keeps what it recorded before it was interrupted", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    const journal = join(p.dir, "run/journal.jsonl");
    const old = new FixtureStore(p.dir, "fixtures");
    await old.record("s", "m", "0000000000000000", entry("stale", 0));
    await old.flush();
    // The first run recorded one answer, journaled it, and was killed before flushing.
    await new FixtureStore(p.dir, "fixtures", journal).record(
      "s",
      "m",
      "aaaaaaaaaaaaaaaa",
      entry("before the kill", 1),
    );
    const resumed = new FixtureStore(p.dir, "fixtures", journal);
    expect(await resumed.restoreJournal()).toBe(1);
    await resumed.record("s", "m", "bbbbbbbbbbbbbbbb", entry("after the resume", 2));
    await resumed.flush(new Set(["s"]));
    const after = new FixtureStore(p.dir, "fixtures");
    expect(contentOf(await after.get("s", "aaaaaaaaaaaaaaaa"))).toBe("before the kill");
    expect(contentOf(await after.get("s", "bbbbbbbbbbbbbbbb"))).toBe("after the resume");
    expect(await after.get("s", "0000000000000000")).toBeUndefined();
  });

  it("journals every recording, whole, before record() returns, in a folder it makes once", async () => {
    const p = tempProject();
    cleanup = p.cleanup;
    // The run folder does not exist yet when the first answer is recorded.
    const journal = join(p.dir, "run/deep/recordings.jsonl");
    const s = new FixtureStore(p.dir, "fixtures", journal);
    const lines = () => readFileSync(journal, "utf8").split("\n").filter(Boolean);
    // Concurrent calls record at once: each line is whole and none is lost.
    await Promise.all(
      tricky.map((t, i) => s.record("s", "m", `k${String(i).padStart(15, "0")}`, entry(t, i))),
    );
    expect(lines().map((l) => JSON.parse(l).entry.response.content)).toEqual(tricky);
    const pending = s.record("s", "m", "ffffffffffffffff", entry("the next one", 99));
    // Written before record() resolves: a kill right after it loses nothing.
    expect(lines()).toHaveLength(tricky.length + 1);
    await pending;
    await s.flush();
    // flush() closed the journal; a later recording (the next sequential round) opens it again.
    await s.record("s", "m", "eeeeeeeeeeeeeeee", entry("after the flush", 100));
    expect(lines()).toHaveLength(tricky.length + 2);
    await s.flush();
  });
});
