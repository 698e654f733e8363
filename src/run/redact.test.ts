import { describe, expect, it } from "vitest";
import { makeRedactor } from "./redact.js";

const KEY = "sk-test-0123456789abcdefghij";

describe("makeRedactor", () => {
  const redact = makeRedactor({ redact: false, knownSecrets: [KEY] });

  it("masks a key in use wherever it is, copying only what changed", () => {
    const untouched = { prompt: "hello", usage: { promptTokens: 3 } };
    const value = {
      output: `the key is ${KEY}`,
      nested: [{ text: `Bearer ${KEY}` }, "plain"],
      untouched,
    };
    const out = redact(value);
    expect(out.output).toBe("the key is [REDACTED]");
    expect(out.nested[0]).toEqual({ text: "Bearer [REDACTED]" });
    expect(out.nested[1]).toBe("plain");
    // The input is never changed; a branch with nothing to mask is shared, not copied.
    expect(value.output).toContain(KEY);
    expect(out).not.toBe(value);
    expect(out.untouched).toBe(untouched);
  });

  it("returns a record with nothing to mask as it is", () => {
    const record = { case: "c1", output: "ok", scores: [{ name: "x", value: 1 }], cost: null };
    expect(redact(record)).toBe(record);
  });

  it("masks key-shaped tokens that are not the key in use", () => {
    expect(redact({ error: "bad key sk-otherkey123456 given" }).error).toBe(
      "bad key sk-…[REDACTED] given",
    );
  });

  it("with --redact, masks PII in every string too", () => {
    const pii = makeRedactor({ redact: true, knownSecrets: [] });
    expect(pii({ vars: { email: "ada@example.com" } }).vars.email).not.toContain("ada@");
  });
});
