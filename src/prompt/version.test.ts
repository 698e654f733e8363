import { describe, expect, it } from "vitest";
import { validateText } from "../config/read-validated.js";
import { promptFileSchema } from "../config/schema/prompt.js";
import { loadPromptText } from "./load-prompt.js";

const base = `name: p
model: gpt-4o-mini
modelParameters: { temperature: 0, maxTokens: 50 }
messages:
  - role: system
    content: You are terse.
  - role: user
    content: "{{q}}"
`;

function versionOf(text: string): string {
  const v = validateText(text, "p.prompt.yml", promptFileSchema);
  if (!v.data) throw new Error(JSON.stringify(v.problems));
  return loadPromptText(v.data, "p.prompt.yml").version;
}

describe("prompt version", () => {
  const v0 = versionOf(base);

  it("is a short hex hash", () => {
    expect(v0).toMatch(/^[0-9a-f]{8}$/);
  });

  it.each([
    ["comments", `# a comment\n${base}`],
    [
      "key order",
      base.replace(
        "modelParameters: { temperature: 0, maxTokens: 50 }",
        "modelParameters: { maxTokens: 50, temperature: 0 }",
      ),
    ],
    ["description", `${base}description: words\n`],
    ["test data", `${base}testData:\n  - q: hi\n`],
    ["quoting style", base.replace('content: "{{q}}"', "content: '{{q}}'")],
    ["explicit text response format", `${base}responseFormat: text\n`],
  ])("does not change with %s", (_label, text) => {
    expect(versionOf(text)).toBe(v0);
  });

  it.each([
    ["message text", base.replace("terse.", "terse!")],
    ["a role", base.replace("role: system", "role: developer")],
    ["the model", base.replace("gpt-4o-mini", "gpt-4o")],
    ["a parameter", base.replace("temperature: 0,", "temperature: 0.2,")],
    ["the response format", `${base}responseFormat: json_object\n`],
    ["the name of a variable", base.replace("{{q}}", "{{question}}")],
  ])("changes with %s", (_label, text) => {
    expect(versionOf(text)).not.toBe(v0);
  });
});
