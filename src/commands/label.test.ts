import { describe, expect, it } from "vitest";
import { labelYaml } from "./label.js";

const DATASET = `# Orders seen in support tickets.
- id: a # the easy one
  vars:
    text: "two pens" # quoted on purpose
  expected: { item: pen, qty: 2 }

- id: b
  vars: { text: three cups }
`;

const label = (c: string, scorer: string | null, l: "pass" | "fail" | number, note = "") => ({
  case: c,
  scorer,
  label: l,
  note,
});

describe("labelYaml", () => {
  it("writes a whole-case label as a scalar and keeps comments, quotes and flow maps", () => {
    const { text, missing } = labelYaml(DATASET, [label("a", null, "fail", "wrong qty\nreally")]);
    expect(missing).toEqual([]);
    expect(text).toBe(
      DATASET.replace(
        "  expected: { item: pen, qty: 2 }\n",
        "  expected: { item: pen, qty: 2 }\n  human: fail # wrong qty really\n",
      ),
    );
  });

  it("writes per-scorer labels into a map, replacing one score and keeping the others", () => {
    const once = labelYaml(DATASET, [label("b", "tone", "pass"), label("b", "facts", 0.5)]).text;
    const twice = labelYaml(once, [label("b", "tone", "fail", "rude")]).text;
    expect(twice).toContain(
      "  vars: { text: three cups }\n  human:\n    tone: fail # rude\n    facts: 0.5\n",
    );
    expect(twice.startsWith("# Orders seen in support tickets.\n- id: a # the easy one\n")).toBe(
      true,
    );
  });

  it("finds cases under a suite's cases: list and reports ids it cannot find", () => {
    const suite = "prompt: p.yml\ncases:\n  - id: 7\n    vars: { q: x }\n";
    const { text, missing } = labelYaml(suite, [label("7", null, 1), label("gone", null, "pass")]);
    expect(text).toBe("prompt: p.yml\ncases:\n  - id: 7\n    vars: { q: x }\n    human: 1\n");
    expect(missing).toEqual(["gone"]);
  });
});
