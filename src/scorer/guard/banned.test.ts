import { describe, expect, it } from "vitest";
import { banned, findBanned } from "./banned.js";
import { bannedConfig, bannedCorpus } from "./corpus/banned.js";
import { makeContext, measureCorpus } from "./corpus/measure.js";

describe("banned corpus", () => {
  const measured = measureCorpus(
    bannedCorpus,
    (s) => findBanned(s, bannedConfig.words, bannedConfig.patterns).length > 0,
  );

  it("has at least 50 positives and 50 negatives", () => {
    expect(bannedCorpus.positives.length).toBeGreaterThanOrEqual(50);
    expect(bannedCorpus.negatives.length).toBeGreaterThanOrEqual(50);
  });

  it("matches whole words with precision 1 and recall 1", () => {
    console.log(
      `\nbanned precision ${measured.precision.toFixed(3)} recall ${measured.recall.toFixed(3)}`,
    );
    expect(measured.falsePositives).toEqual([]);
    expect(measured.falseNegatives).toEqual([]);
  });
});

describe("findBanned", () => {
  it.each([
    ["ass", "What a class act.", false],
    ["ass", "Don't be an ass.", true],
    ["Zendesk", "ZENDESK's pricing", true],
    ["Zendesk", "Ｚｅｎｄｅｓｋ", true], // full-width letters
    ["Scheiße", "SCHEISSE!", true], // full case folding: ß is SS
    ["risk-free", "a risk free trial", true],
    ["risk free", "a risk‐free trial", true], // U+2010 hyphen
    ["C++", "We write C++ daily.", true],
    ["C++", "We write C++11 daily.", false],
    ["café", "Café au lait", true],
    ["cafe", "café au lait", false], // accents are letters, not decoration
    ["  ", "anything at all", false], // a blank term matches nothing
  ])("word %j in %j: %s", (word, text, found) => {
    expect(findBanned(text, [word]).length > 0).toBe(found);
  });

  it("matches patterns as given, ignoring case", () => {
    expect(findBanned("GET FREE MONEY", [], ["free\\s+money"])).toEqual(["/free\\s+money/"]);
    expect(findBanned("freemoney", [], ["free\\s+money"])).toEqual([]);
  });

  it("lists every term found, as configured", () => {
    expect(
      findBanned("Zendesk or Freshdesk? Damn.", ["damn", "Freshdesk", "Zendesk", "Help Scout"]),
    ).toEqual(["damn", "Freshdesk", "Zendesk"]);
  });
});

describe("banned scorer", () => {
  it("scores 0 and names the banned terms found", () => {
    const ctx = makeContext("Try Zendesk for free money.");
    expect(
      banned.score({ type: "banned", words: ["zendesk"], patterns: ["free\\s+money"] }, ctx),
    ).toEqual({
      value: 0,
      reason: 'banned: "zendesk", /free\\s+money/',
    });
  });

  it("scores 1 when nothing banned appears", () => {
    expect(
      banned.score({ type: "banned", words: ["ass"] }, makeContext("Our classes pass.")),
    ).toEqual({
      value: 1,
      reason: "no banned terms",
    });
  });
});
