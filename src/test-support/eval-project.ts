import type { RecordedCall } from "./fake-openai.js";
import { tempProject } from "./project.js";

/** The user message of a recorded chat call. */
export function lastUser(call: RecordedCall): string {
  const messages = (call.body.messages as { role: string; content: string }[] | undefined) ?? [];
  return [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
}

/**
 * A small project whose prompt echoes `q`; the fake server answers from it. Model `fake` is
 * priced so costs are known: $1 / $2 per million tokens.
 */
/**
 * llmops.yaml's `providers:` with one provider, `local`, on the test server: its key in
 * TEST_LLM_KEY and no retries, so a test sees each failure as it happens.
 */
export function localProvider(baseURL: string): string {
  return `providers:
  local:
    type: openai
    apiKeyEnv: TEST_LLM_KEY
    baseURL: ${baseURL}
    maxRetries: 0
`;
}

export function evalProject(opts: {
  cases: string[];
  trials?: number;
  scorers?: string;
  extraConfig?: string;
  baseURL?: string;
}) {
  const cases = opts.cases.map((q) => `  - id: ${q}\n    vars: { q: "${q}" }\n`).join("");
  return tempProject({
    "llmops.yaml": `providers:
  local:
    type: openai
    apiKeyEnv: TEST_LLM_KEY
${opts.baseURL ? `    baseURL: ${opts.baseURL}\n` : ""}    timeoutMs: 1500
    maxRetries: 1
models:
  fake:
    provider: local
    id: fake-model
    price: { input: 1, output: 2 }
${opts.extraConfig ?? ""}`,
    "prompts/echo.prompt.yml":
      "name: echo\nmodel: fake\nmodelParameters: { temperature: 0 }\nmessages:\n  - role: user\n    content: 'Q: {{q}}'\n",
    "evals/echo.eval.yml": `description: echo
prompt: ../prompts/echo.prompt.yml
trials: ${opts.trials ?? 1}
scorers:
${opts.scorers ?? "  - { type: contains, value: ok }"}
cases:
${cases}`,
  });
}
