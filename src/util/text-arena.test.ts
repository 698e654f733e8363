import { describe, expect, it } from "vitest";
import { createSeededRandom as rng } from "../compare/distributions.js";
import { TextArena } from "./text-arena.js";

describe("TextArena", () => {
  it("gives back every text it kept, across buffers, whatever their characters", () => {
    // Small buffers, so the texts span many of them, and some texts do not fit one at all.
    const arena = new TextArena(64);
    const r = rng(7);
    const alphabet = ["a", "é", "👍", "\u0000", "\n", '"', "漢", "\ud800"];
    const texts = Array.from({ length: 2000 }, () =>
      Array.from(
        { length: Math.floor(r() * (r() < 0.05 ? 200 : 20)) },
        () => alphabet[Math.floor(r() * alphabet.length)],
      ).join(""),
    );
    const handles = texts.map((t) => arena.add(t));
    expect(new Set(handles).size).toBe(texts.length);
    // A lone surrogate has no UTF-8: it comes back as U+FFFD, as Buffer writes it.
    const expected = texts.map((t) => Buffer.from(t, "utf8").toString("utf8"));
    expect(handles.map((h) => arena.get(h))).toEqual(expected);
    expect(expected.filter((t) => t.length > 64).length).toBeGreaterThan(0);
  });

  it("packs small texts into shared buffers", () => {
    const arena = new TextArena(1 << 16);
    for (let i = 0; i < 1000; i++) arena.add(`[0,"${i.toString(16).padStart(12, "0")}",0,1,1]`);
    // 1,000 texts of 28 bytes (+4 for the length) fit one 64 KiB buffer.
    expect(arena.size).toBe(1 << 16);
  });

  it("lets go of a buffer once every text in it was taken, but not of the one being filled", () => {
    const arena = new TextArena(64);
    // 11 bytes each with the length, and room kept for 3 bytes a character (25): four texts a
    // buffer, 28 texts in seven buffers.
    const handles = Array.from({ length: 28 }, (_, i) =>
      arena.add(`text-${String(i).padStart(2, "0")}`),
    );
    expect(arena.size).toBe(7 * 64);
    // Taken in any order: the first buffer goes when its last text is taken.
    for (const i of [3, 0, 1]) expect(arena.take(handles[i]!)).toBe(`text-0${i}`);
    expect(arena.size).toBe(7 * 64);
    expect(arena.take(handles[2]!)).toBe("text-02");
    expect(arena.size).toBe(6 * 64);
    expect(() => arena.get(handles[0]!)).toThrow(RangeError);
    for (const h of handles.slice(4)) arena.take(h);
    // The last buffer stays: the next text goes into it.
    expect(arena.size).toBe(64);
    expect(arena.get(arena.add("more"))).toBe("more");
  });

  it("refuses a number beyond what it holds, and lets go of everything on clear", () => {
    const arena = new TextArena(64);
    const h = arena.add("kept");
    expect(() => arena.get(h + 64 * 5)).toThrow(RangeError);
    arena.clear();
    expect(arena.size).toBe(0);
    expect(() => arena.get(h)).toThrow(RangeError);
  });
});
