import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { evalProject } from "../test-support/eval-project.js";
import { runCli, runInProcess } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";

// A broken provider is one message, naming what the user must fix: the provider and its key
// variable for a wrong key, the configured models for an unknown model, the URL for a server down.

const env = { TEST_LLM_KEY: "sk-test-wrong" };
const t = useFakeOpenAI();
const CASES = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

describe("provider failures", () => {
  it("a wrong key: one message naming the provider, its apiKeyEnv and the URL", async () => {
    t.server.setHandler(() => ({
      kind: "error",
      status: 401,
      message: "Incorrect API key provided",
      type: "invalid_request_error",
      code: "invalid_api_key",
    }));
    const p = evalProject({ baseURL: t.server.url, cases: CASES });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    const out = r.stdout + r.stderr;
    expect(out.match(/every call .*failed/g)).toHaveLength(2); // the progress line and the error
    expect(r.stderr).toContain(
      `provider local (${t.server.url}) rejected the API key in TEST_LLM_KEY`,
    );
    expect(r.stderr).toMatch(/hint: check TEST_LLM_KEY \(apiKeyEnv of provider local/);
    expect(out.match(/Incorrect API key provided/g)!.length).toBeLessThanOrEqual(3);
    expect(out).not.toContain(env.TEST_LLM_KEY);
  });
  it("an unknown model: the message lists the models configured in llmops.yaml", async () => {
    t.server.setHandler(() => ({
      kind: "error",
      status: 404,
      message: "The model `fake-model` does not exist",
      type: "invalid_request_error",
      code: "model_not_found",
    }));
    const p = evalProject({
      baseURL: t.server.url,
      cases: CASES,
      extraConfig: "  other: { provider: local, id: other-model }\n",
    });
    t.cleanup = p.cleanup;
    const r = await runInProcess(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `provider local (${t.server.url}) does not know model fake-model (fake)`,
    );
    expect(r.stderr).toMatch(
      /hint: models configured in llmops\.yaml: fake \(id fake-model\), other \(id other-model\)/,
    );
    // Not retried, not recorded: a model id is a setup problem, not the request's.
    expect(t.server.calls.filter((c) => c.body.model === "fake-model").length).toBeLessThanOrEqual(
      2 * CASES.length,
    );
    expect(r.stdout).toMatch(/x echo \[fake\], 10 trials .*: model_not_found: /);
  });
  it("a server that is down: the message names the URL", async () => {
    const url = await closedPortURL();
    const p = evalProject({ baseURL: url, cases: CASES });
    t.cleanup = p.cleanup;
    const r = await runCli(["eval", "--no-cache"], { cwd: p.dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot reach provider local at ${url}: network`);
    expect(r.stderr).toContain(`hint: check that the server at ${url} is running`);
    expect(r.stdout).toMatch(/x echo \[fake\], 10 trials \(.*\): network: Connection error\./);
  });
});

/** A URL on 127.0.0.1 whose port was just free: nothing listens there. */
async function closedPortURL(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, "127.0.0.1", ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return `http://127.0.0.1:${port}/v1`;
}
