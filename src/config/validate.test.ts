import { afterEach, describe, expect, it } from "vitest";
import { formatProblem } from "../errors.js";
import { loadProject } from "../suite/load-project.js";
import { tempProject } from "../test-support/project.js";

const prompt = `name: qa
model: gpt-4o-mini
messages:
  - role: user
    content: "Q: {{question}}"
`;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function problemsFor(files: Record<string, string>): Promise<string[]> {
  const p = tempProject({
    "llmops.yaml": "concurrency: 2\n",
    "prompts/qa.prompt.yml": prompt,
    ...files,
  });
  cleanup = p.cleanup;
  const { problems } = await loadProject({ cwd: p.dir });
  return problems.map(formatProblem);
}

const suite = (body: string) => `description: d\nprompt: ../prompts/qa.prompt.yml\n${body}`;

describe("validation problems are located and explained", () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      "YAML syntax error",
      { "evals/a.eval.yml": "description: d\nprompt: [unclosed\n" },
      ["evals/a.eval.yml:3:1: YAML syntax:"],
    ],
    [
      "a duplicate key",
      { "evals/a.eval.yml": suite("description: again\ncases: [{id: a, vars: {question: x}}]\n") },
      [
        "evals/a.eval.yml:3:1: YAML syntax: Map keys must be unique",
        "hint: each key may appear once",
      ],
    ],
    [
      "a wrong type, at the offending node",
      {
        "evals/a.eval.yml": suite(
          "cases:\n  - id: a\n    vars: {question: x}\n  - id: b\n    vars: {question: y}\n  - id: c\n    vars: {question: z}\n  - id: d\n    vars: just text\n",
        ),
      },
      ['evals/a.eval.yml:11:11: cases[3].vars: expected a mapping, got the text "just text"'],
    ],
    [
      "a missing required key",
      {
        "evals/a.eval.yml": "description: qa\ncases: [{id: a, vars: {question: x}}]\n",
      },
      ["evals/a.eval.yml:1:1: prompt: is required"],
    ],
    [
      "an unknown key with a did-you-mean",
      { "evals/a.eval.yml": suite("trails: 3\ncases: [{id: a, vars: {question: x}}]\n") },
      ["evals/a.eval.yml:3:1: trails: unknown key", 'hint: did you mean "trials"?'],
    ],
    [
      "an unknown scorer type with a did-you-mean",
      {
        "evals/a.eval.yml": suite(
          "scorers:\n  - type: contain\n    value: x\ncases: [{id: a, vars: {question: x}}]\n",
        ),
      },
      [
        'evals/a.eval.yml:4:11: scorers[0].type: unknown type "contain"',
        'hint: did you mean "contains"?',
      ],
    ],
    [
      "a scorer missing its option",
      {
        "evals/a.eval.yml": suite(
          "scorers:\n  - type: regex\ncases: [{id: a, vars: {question: x}}]\n",
        ),
      },
      ["evals/a.eval.yml:4:5: scorers[0].pattern: is required"],
    ],
    [
      "an enum value with a did-you-mean",
      {
        "evals/a.eval.yml": suite(
          "scorers:\n  - type: length\n    unit: word\ncases: [{id: a, vars: {question: x}}]\n",
        ),
      },
      ['scorers[0].unit: must be one of chars, words, got "word"', 'did you mean "words"?'],
    ],
    [
      "a missing prompt file",
      {
        "evals/a.eval.yml":
          "description: d\nprompt: ../prompts/nope.prompt.yml\ncases: [{id: a, vars: {}}]\n",
      },
      ["evals/a.eval.yml:2:9: prompt: file not found: prompts/nope.prompt.yml"],
    ],
    [
      "a prompt outside the project",
      {
        "evals/a.eval.yml":
          "description: d\nprompt: ../../../../etc/x.prompt.yml\ncases: [{id: a, vars: {}}]\n",
      },
      ['evals/a.eval.yml:2:9: prompt: "../../../../etc/x.prompt.yml" is outside the project'],
    ],
    [
      "a missing dataset file",
      { "evals/a.eval.yml": suite("dataset: rows.jsonl\n") },
      ["evals/a.eval.yml:3:10: dataset: file not found: evals/rows.jsonl"],
    ],
    [
      "a dataset outside the project",
      { "evals/a.eval.yml": suite("dataset: ../../../rows.jsonl\n") },
      ['dataset: "../../../rows.jsonl" is outside the project'],
    ],
    [
      "a bad JSONL row, with its line",
      {
        "evals/a.eval.yml": suite("dataset: rows.jsonl\n"),
        "evals/rows.jsonl": '{"id":"a","question":"x"}\n\n{"id": "b", question}\n',
      },
      ["evals/rows.jsonl:3:13: invalid JSON"],
    ],
    [
      "a JSONL row without id",
      {
        "evals/a.eval.yml": suite("dataset: rows.jsonl\n"),
        "evals/rows.jsonl": '{"id":"a","question":"x"}\n{"question":"y"}\n',
      },
      ["evals/rows.jsonl:2:1: row 2 id: an id is required"],
    ],
    [
      "a bad CSV row, with its line",
      {
        "evals/a.eval.yml": suite("dataset: rows.csv\n"),
        "evals/rows.csv": 'id,question\na,"x"\nb,"unclosed\n',
      },
      ["evals/rows.csv:3:1: invalid CSV"],
    ],
    [
      "a YAML dataset row with a bad field",
      {
        "evals/a.eval.yml": suite("dataset: rows.yml\n"),
        "evals/rows.yml":
          "- id: a\n  vars: {question: x}\n- id: b\n  vars: {question: y}\n  human: maybe\n",
      },
      ["evals/rows.yml:5:10: [1].human"],
    ],
    [
      "duplicate case ids across inline cases and a dataset",
      {
        "evals/a.eval.yml": suite(
          "dataset: rows.jsonl\ncases:\n  - id: a\n    vars: {question: x}\n",
        ),
        "evals/rows.jsonl": '{"id":"a","question":"y"}\n',
      },
      [
        'evals/rows.jsonl:1:1: duplicate case id "a" in suite a',
        "first used at evals/a.eval.yml:5",
      ],
    ],
    [
      "a variable the prompt uses but a case lacks",
      {
        "evals/a.eval.yml": suite(
          "cases:\n  - id: ok\n    vars: {question: x}\n  - id: lacks\n    vars: {query: x}\n",
        ),
      },
      [
        'evals/a.eval.yml:6:1: the prompt prompts/qa.prompt.yml uses {{question}}, which case "lacks" does not provide',
        "the case's vars are: query",
      ],
    ],
    [
      "a typo in a prompt variable: one problem at the prompt's line, listing the cases",
      {
        "prompts/typo.prompt.yml":
          "name: t\nmodel: m\nmessages:\n  - role: user\n    content: 'Q: {{questoin}}'\n",
        "evals/t.eval.yml": `description: d\nprompt: ../prompts/typo.prompt.yml\ncases:\n${Array.from(
          { length: 20 },
          (_, i) => `  - { id: c${i}, vars: { question: x } }\n`,
        ).join("")}`,
      },
      [
        'prompts/typo.prompt.yml:5:18: the prompt uses {{questoin}}, which no case of suite t provides (20 cases: "c0", "c1", "c2", "c3", "c4" and 15 more)',
        "did you mean {{question}}?",
      ],
    ],
    [
      "a scorer variable a case lacks",
      {
        "evals/a.eval.yml": suite(
          "scorers: [{type: contains, value: '{{needle}}'}]\ncases:\n  - id: a\n    vars: {question: x}\n",
        ),
      },
      ['case "a": scorer contains uses {{needle}}, which the case does not provide'],
    ],
    [
      "an equals scorer without expected",
      {
        "evals/a.eval.yml": suite(
          "scorers: [{type: equals}]\ncases:\n  - id: a\n    vars: {question: x}\n",
        ),
      },
      ['case "a": scorer equals compares with the expected answer, but the case has no expected'],
    ],
    [
      "two suites with the same name",
      {
        "evals/a.eval.yml": suite("cases: [{id: a, vars: {question: x}}]\n"),
        "evals/more/a.eval.yml":
          "description: d\nprompt: ../../prompts/qa.prompt.yml\ncases: [{id: a, vars: {question: x}}]\n",
      },
      ['evals/more/a.eval.yml:1:1: suite name "a" is also used by evals/a.eval.yml'],
    ],
    [
      "a prompt with an unknown role",
      {
        "prompts/bad.prompt.yml": "name: b\nmodel: m\nmessages:\n  - role: sytem\n    content: x\n",
      },
      [
        'prompts/bad.prompt.yml:4:11: messages[0].role: must be one of system, user, assistant, developer, got "sytem"',
        'did you mean "system"?',
      ],
    ],
    [
      "a prompt with invalid jsonSchema text",
      {
        "prompts/bad.prompt.yml":
          "name: b\nmodel: m\nresponseFormat: json_schema\njsonSchema: '{\"name\": x}'\nmessages: [{role: user, content: x}]\n",
      },
      ["prompts/bad.prompt.yml:4:13: jsonSchema is not valid JSON"],
    ],
    [
      "a prompt with an unknown GitHub evaluator",
      {
        "prompts/bad.prompt.yml":
          "name: b\nmodel: m\nmessages: [{role: user, content: x}]\nevaluators:\n  - name: e\n    uses: github/fluenc\n",
      },
      [
        'prompts/bad.prompt.yml:6:11: evaluators[0].uses: unknown evaluator "github/fluenc"',
        'did you mean "fluency"?',
      ],
    ],
    [
      "an empty file",
      { "evals/a.eval.yml": "# nothing\n" },
      ["evals/a.eval.yml:1:1: the file is empty"],
    ],
    [
      "a config with a key pasted instead of its variable's name",
      { "llmops.yaml": "providers:\n  openai:\n    type: openai\n    apiKeyEnv: sk-abc123\n" },
      [
        "llmops.yaml:4:16: providers.openai.apiKeyEnv: expected the NAME of an environment variable",
      ],
    ],
    [
      "a model alias naming an unknown provider",
      {
        "llmops.yaml":
          "providers:\n  local: {type: openai, baseURL: 'http://localhost:1/v1'}\nmodels:\n  m: {provider: locl}\n",
      },
      ['llmops.yaml:4:17: models.m.provider: unknown provider "locl"', 'did you mean "local"?'],
    ],
  ])("%s", async (_label, files, expected) => {
    const problems = await problemsFor(files);
    const text = problems.join("\n");
    for (const e of expected) expect(text).toContain(e);
    // One problem per prompt variable, never one per case.
    expect(problems.filter((p) => p.includes("{{questoin}}")).length).toBeLessThanOrEqual(1);
  });

  it("reports every problem at once, across files", async () => {
    const problems = await problemsFor({
      "evals/a.eval.yml": suite("trails: 1\ncases: [{id: a, vars: {question: x}}]\n"),
      "evals/b.eval.yml": suite("cases: [{id: a, vars: {}}]\n"),
      "prompts/c.prompt.yml": "name: c\nmessages: []\n",
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.some((p) => p.startsWith("evals/a.eval.yml:3:1"))).toBe(true);
    expect(problems.some((p) => p.startsWith("evals/b.eval.yml:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("prompts/c.prompt.yml:"))).toBe(true);
  });

  it("one stray character is a few syntax errors, not one per token after it", async () => {
    // A backtick at the start made the parser report 62 errors for these 8 lines.
    const problems = await problemsFor({
      "evals/a.eval.yml": `  \`name: x\ndescription: d\nprompt: ../prompts/qa.prompt.yml\ncases:\n  - { id: a, vars: { question: x } }\n  - { id: b, vars: { question: y } }\n\`,\n`,
    });
    expect(problems.length).toBeLessThanOrEqual(3);
    expect(problems[0]).toMatch(/^evals\/a\.eval\.yml:1:3: YAML syntax:/);
    expect(problems.at(-1)).toMatch(
      /\d+ more syntax errors after this, most likely caused by the first/,
    );
  });
});

describe("GitHub's sample prompt file", () => {
  it("validates unchanged and is a runnable suite", async () => {
    const p = tempProject({
      "sample.prompt.yml": `name: Sample Evaluation
description: A sample evaluation for testing the eval command
model: openai/gpt-4o
modelParameters:
  temperature: 0.5
  maxTokens: 50
testData:
  - input: 'hello world'
    string: hello
    expected: 'greeting response'
  - input: 'goodbye world'
    string: goodbye
    expected: 'farewell response'
messages:
  - role: system
    content: You are a helpful assistant that responds to greetings and farewells.
  - role: user
    content: 'Please respond to this message appropriately: {{input}}'
evaluators:
  - name: string evaluator
    string:
      contains: '{{string}}'
  - name: similarity check
    uses: github/similarity
`,
    });
    cleanup = p.cleanup;
    const { project, problems } = await loadProject({ cwd: p.dir });
    expect(problems).toEqual([]);
    const s = project!.suites[0]!;
    expect(s.name).toBe("sample");
    expect(s.cases.map((c) => c.vars.input)).toEqual(["hello world", "goodbye world"]);
    expect(s.cases[0]!.id).toMatch(/^row-[0-9a-f]{8}$/);
    expect(s.scorers).toEqual([
      { type: "contains", name: "string evaluator", value: "{{string}}", ignoreCase: true },
      { type: "github", name: "similarity check", evaluator: "similarity" },
    ]);
  });
});
