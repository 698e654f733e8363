/**
 * Issue 13's walk, as a new user does it: in a fresh git repository, install llmops from the
 * release tarball, `init`, write a suite with a `script` scorer and an `exec` scorer (a node
 * script, so no Python is needed), record against the local server, accept a baseline, break the
 * prompt, see exit 1 with the broken cases named in the markdown report, and run live without
 * touching the recordings. Every command runs the installed package, not this checkout.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { expectInstalledRelease, npmInstallDev, packRelease } from "../test-support/install.js";
import { gitInit, runCli as runRepoCli, tempProject } from "../test-support/project.js";
import { useFakeOpenAI } from "../test-support/use-fake-openai.js";
import { VERSION } from "../version.js";

const t = useFakeOpenAI();
/** Each CLI run is a subprocess; on a loaded machine one can take well over the default 20 s. */
const SLOW = 90_000;
const env = { OPENAI_API_KEY: "sk-test-walk-0123456789" };
const orders = Array.from({ length: 12 }, (_, i) => `A${100 + i}`);

const PROMPT = (system: string) => `name: support
model: gpt-4o-mini
modelParameters: { temperature: 0 }
messages:
  - role: system
    content: ${system}
  - role: user
    content: "Where is order {{order}}?"
`;

const SUITE = `description: Replies name the order and stay polite.
prompt: ../prompts/support.prompt.yml
scorers:
  - { type: script, name: names-order, module: scorers/names-order.mjs }
  - { type: exec, name: polite, command: node scorers/polite.mjs }
cases:
${orders.map((o) => `  - { id: ${o.toLowerCase()}, vars: { order: ${o} } }`).join("\n")}
`;

const NAMES_ORDER = `export default (output, { vars }) =>
  output.includes(vars.order) ? true : { pass: false, reason: "does not name " + vars.order };
`;

const POLITE = `let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const { output } = JSON.parse(input);
  const rude = /can't be bothered/i.test(output);
  console.log(JSON.stringify({ score: rude ? 0 : 1, reason: rude ? "rude" : "polite" }));
});
`;

/** Answers well while the system message asks to name the order; rudely once it does not. */
function serve() {
  t.server.setHandler((call) => {
    const messages = call.body.messages as { role: string; content: string }[];
    const system = messages.find((m) => m.role === "system")?.content ?? "";
    const order = /order (\w+)\?/.exec(messages.at(-1)?.content ?? "")?.[1] ?? "?";
    return {
      content: system.includes("Name the order")
        ? `Order ${order} ships today.`
        : "I can't be bothered.",
      usage: { prompt_tokens: 20, completion_tokens: 5 },
    };
  });
}

function lastReport(dir: string): string {
  const runs = join(dir, ".llmops/runs");
  const last = readdirSync(runs).sort().at(-1)!;
  return readFileSync(join(runs, last, "report.md"), "utf8");
}

/** Every file under a folder with its digest: what "touching" the recordings would change. */
function digests(root: string, dir = root): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, digests(root, path));
    else out[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

describe("the first hour: install, init, own scorers, record, baseline, a broken prompt, live", () => {
  it("walks the whole path", async () => {
    serve();
    const p = tempProject({
      "package.json": '{ "name": "support-bot", "private": true }\n',
      ".gitignore": "node_modules/\n.release/\n",
    });
    t.cleanup = p.cleanup;
    const commit = gitInit(p.dir);
    const tgz = packRelease(join(p.dir, ".release"));
    expect(tgz).toBe(join(p.dir, ".release", `llmops-${VERSION}.tgz`));
    npmInstallDev(p.dir, tgz);
    expectInstalledRelease(p.dir);
    const bin = join(p.dir, "node_modules/llmops/bin/llmops.js");
    const runCli = (args: string[], o: Parameters<typeof runRepoCli>[1]) =>
      runRepoCli(args, { ...o, bin });
    const init = await runCli(["init"], { cwd: p.dir, timeoutMs: SLOW });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("created llmops.yaml");
    const config = readFileSync(join(p.dir, "llmops.yaml"), "utf8");
    const pointed = config.replace(
      /# baseURL: \S+.*$/m,
      `baseURL: ${t.server.url}\n    maxRetries: 0`,
    );
    expect(pointed).not.toBe(config);
    writeFileSync(join(p.dir, "llmops.yaml"), pointed);
    p.write({
      "prompts/support.prompt.yml": PROMPT("Answer briefly. Name the order."),
      "evals/support.eval.yml": SUITE,
      "evals/scorers/names-order.mjs": NAMES_ORDER,
      "evals/scorers/polite.mjs": POLITE,
    });
    const v = await runCli(["validate"], { cwd: p.dir, env, timeoutMs: SLOW });
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);

    const rec = await runCli(["eval", "evals/support.eval.yml", "--record"], {
      cwd: p.dir,
      env,
      timeoutMs: SLOW,
    });
    expect(rec.code).toBe(0);
    expect(rec.stdout).toContain("NO BASELINE YET");
    // The recording run's report reproduces it from the recordings, not with another paid --record.
    const recReport = lastReport(p.dir);
    expect(recReport).toContain("npx llmops eval evals/support.eval.yml --replay");
    expect(recReport).not.toContain("--record");
    const calls = t.server.calls.length;
    const accept = await runCli(
      ["eval", "evals/support.eval.yml", "--replay", "--update-baseline"],
      { cwd: p.dir, env: {}, timeoutMs: SLOW },
    );
    expect(accept.code).toBe(0);
    expect(t.server.calls.length).toBe(calls); // the baseline came from the recordings
    expect(accept.stdout).toContain("baseline written: evals/baselines/support.json");
    commit("support suite with its own scorers and a baseline");

    p.write({ "prompts/support.prompt.yml": PROMPT("Answer briefly.") });
    const broken = await runCli(["eval", "evals/support.eval.yml"], {
      cwd: p.dir,
      env,
      timeoutMs: SLOW,
    });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("FAILED");
    const md = lastReport(p.dir);
    expect(md).toContain("FAILED");
    expect(md).toContain("a100");
    expect(md).toMatch(/does not name A10\d|rude/);

    // A nightly "has the provider drifted?" job: live calls, and the recordings stay as they were.
    const recorded = digests(join(p.dir, "fixtures"));
    expect(Object.keys(recorded).length).toBeGreaterThan(0);
    const before = t.server.calls.length;
    const live = await runCli(["eval", "evals/support.eval.yml", "--live"], {
      cwd: p.dir,
      env,
      timeoutMs: SLOW,
    });
    expect(live.code).toBe(1); // the prompt is still broken
    expect(t.server.calls.length - before).toBe(orders.length);
    expect(live.stdout).toMatch(new RegExp(`${orders.length} live`));
    expect(digests(join(p.dir, "fixtures"))).toEqual(recorded);
  }, 600_000);
});
