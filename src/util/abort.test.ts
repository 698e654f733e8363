import { describe, expect, it } from "vitest";
import { linkedSignal } from "./abort.js";

describe("linkedSignal", () => {
  it("aborts with a source's reason, and says it did not time out", () => {
    const a = new AbortController();
    const link = linkedSignal([a.signal, undefined], 60_000);
    a.abort("stop");
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe("stop");
    expect(link.timedOut()).toBe(false);
    link.dispose();
  });

  it("aborts after its deadline with a TimeoutError", async () => {
    const link = linkedSignal([], 10);
    await new Promise((r) => link.signal.addEventListener("abort", r));
    expect(link.timedOut()).toBe(true);
    expect((link.signal.reason as DOMException).name).toBe("TimeoutError");
  });

  it("starts aborted when a source already is", () => {
    const a = new AbortController();
    a.abort("early");
    expect(linkedSignal([a.signal], 10).signal.reason).toBe("early");
  });

  it("once disposed, neither a source nor the deadline reaches it", async () => {
    const a = new AbortController();
    const link = linkedSignal([a.signal], 10);
    link.dispose();
    a.abort("late");
    await new Promise((r) => setTimeout(r, 30));
    expect(link.signal.aborted).toBe(false);
  });
});
