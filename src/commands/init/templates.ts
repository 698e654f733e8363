import { VERSION } from "../../version.js";

/** The files `llmops init` writes: a small, runnable starting point. */

/** Where llmops lives (package.json `repository`); docs/release.md says how releases are tagged. */
export const REPOSITORY = "llmops-dev/llmops";
/** The release tag of this llmops: its git tag and the Action's `uses:` version. */
export const RELEASE_TAG = `v${VERSION}`;
/** The one command that adds this release of llmops to a project (README, Install). */
export const INSTALL_COMMAND = `npm install -D github:${REPOSITORY}#${RELEASE_TAG}`;

const schemaLine = (kind: string, depth: number) =>
  `# yaml-language-server: $schema=${"../".repeat(depth)}node_modules/llmops/schema/${kind}.schema.json\n`;

export const initFiles: Record<string, string> = {
  "llmops.yaml": `${schemaLine("config", 0)}# llmops configuration: https://github.com/${REPOSITORY}/blob/${RELEASE_TAG}/docs/config.md
providers:
  openai:
    type: openai
    apiKeyEnv: OPENAI_API_KEY   # the NAME of the variable; never write the key here
    # baseURL: http://localhost:11434/v1   # any OpenAI-compatible endpoint (Ollama, vLLM, a gateway)
models:
  gpt-4o-mini:
    provider: openai
    price: { input: 0.15, output: 0.6 }   # USD per million tokens
judge: gpt-4o-mini
concurrency: 8
gate:
  margin: 0.03
  alpha: 0.05
`,
  "prompts/summarize.prompt.yml": `${schemaLine("prompt", 1)}name: summarize
description: Summarise a support ticket in one sentence for the on-call engineer.
model: gpt-4o-mini
modelParameters:
  temperature: 0
  maxTokens: 120
messages:
  - role: system
    content: |
      You summarise customer support tickets for engineers. Answer with one sentence of at most
      30 words that names the product area and the customer's problem. No greetings.
  - role: user
    content: "Ticket {{ticket.id}} from {{ticket.customer}}:\\n\\n{{ticket.body}}"
`,
  "evals/summarize.eval.yml": `${schemaLine("suite", 1)}description: One-sentence ticket summaries name the product area and stay short.
prompt: ../prompts/summarize.prompt.yml
trials: 1
scorers:
  - type: length
    unit: words
    max: 30
  - type: refusal
    not: true   # the model must answer, not refuse
cases:
  - id: login-loop
    vars:
      ticket: { id: T-1001, customer: Acme, body: "After the update I get sent back to the login page every time I sign in." }
    scorers:
      - { type: icontains, value: login }
  - id: invoice-missing
    vars:
      ticket: { id: T-1002, customer: Globex, body: "Our March invoice never arrived and finance needs it today." }
    scorers:
      - { type: icontains, value: invoice }
  - id: export-timeout
    vars:
      ticket: { id: T-1003, customer: Initech, body: "CSV export of 200k rows times out after 30 seconds." }
    scorers:
      - { type: contains-any, values: [export, CSV], ignoreCase: true }
`,
  ".github/workflows/llmops.yml": `# Gate pull requests on prompt and model regressions: https://github.com/llmops-dev/llmops
name: llmops
on:
  pull_request:   # the gate: every pull request is compared with its base branch's baselines
  push:
    branches: [main]
permissions:
  contents: read
  pull-requests: write   # the sticky report comment
jobs:
  eval:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0
      # The action runs the llmops this project's package.json depends on; keep the two in step.
      - uses: ${REPOSITORY}@${RELEASE_TAG}
        # Replays fixtures/ by default (record them once with: npx llmops eval --record).
        # To call the model for responses that are not recorded, give the key:
        # with:
        #   api-key: \${{ secrets.OPENAI_API_KEY }}
`,
};
