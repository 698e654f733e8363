import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "./test-support/project.js";

// Issue 11, item 16: the GitHub Action and the workflows in docs/ci.md.
interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as {
  runs: { steps: Step[] };
};
const docs = readFileSync(join(REPO_ROOT, "docs/ci.md"), "utf8");
/** The YAML blocks of docs/ci.md that are workflows, parsed. */
const docWorkflows = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m) => parse(m[1]!) as { jobs?: Record<string, { steps: Step[] }> })
  .filter((w) => w.jobs !== undefined) as { jobs: Record<string, { steps: Step[] }> }[];
const docSteps = docWorkflows.flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps));
const everyStep: [string, Step][] = [
  ...action.runs.steps.map((s): [string, Step] => ["action.yml", s]),
  ...docSteps.map((s): [string, Step] => ["docs/ci.md", s]),
];

describe("action.yml and docs/ci.md", () => {
  it("docs/ci.md holds the workflows checked here", () => {
    expect(docWorkflows.length).toBeGreaterThanOrEqual(2);
    expect(docSteps.filter((s) => s.uses?.startsWith("actions/")).length).toBeGreaterThan(5);
  });

  it.each(everyStep.filter(([, s]) => s.uses && !s.uses.startsWith("llmops-dev/")))(
    "%s pins %s by full commit SHA",
    (_file, step) => {
      expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    },
  );

  it.each(everyStep.filter(([, s]) => s.run))(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    "%s: no ${{ }} expression inside run: %s",
    (_f, s) => {
      expect(s.run).not.toContain("${{");
    },
  );

  it("names the uploaded artifact uniquely per job and matrix leg", () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(upload?.with?.name).toBe("${{ steps.eval.outputs.artifact-name }}");
  });
});

/**
 * Runs the action's eval step script with a stub llmops that records each call's argv; its eval
 * writes summary.json into the --out folder, its view the --out file (unless `viewFails`).
 */
function runEvalStep(
  env: Record<string, string>,
  opts: { viewFails?: boolean } = {},
): { argv: string[]; calls: string[][]; outputs: string; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "llmops-action-"));
  dirs.push(dir);
  mkdirSync(join(dir, "action/bin"), { recursive: true });
  mkdirSync(join(dir, "temp"));
  mkdirSync(join(dir, "work"));
  writeFileSync(join(dir, "work/a b.eval.yml"), "");
  writeFileSync(
    join(dir, "action/bin/llmops.js"),
    `const fs = require("fs"), a = process.argv.slice(2), out = a[a.indexOf("--out") + 1];
fs.appendFileSync(${JSON.stringify(join(dir, "argv.jsonl"))}, JSON.stringify(a) + "\\n");
if (a[0] === "eval") fs.writeFileSync(out + "/summary.json", "{}");
if (a[0] === "view") { if (${opts.viewFails === true}) process.exit(3); fs.writeFileSync(out, "<!doctype html>"); }`,
  );
  const step = action.runs.steps.find((s) => s.id === "eval")!;
  const stdout = execFileSync("bash", ["-e", "-c", step.run!], {
    cwd: join(dir, "work"),
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTION_PATH: join(dir, "action"),
      RUNNER_TEMP: join(dir, "temp"),
      GITHUB_OUTPUT: join(dir, "outputs"),
      GITHUB_JOB: "eval",
      LLMOPS_API_KEY_ENV: "OPENAI_API_KEY",
      ...env,
    },
  });
  const calls = readFileSync(join(dir, "argv.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as string[]);
  return { argv: calls[0]!, calls, outputs: readFileSync(join(dir, "outputs"), "utf8"), stdout };
}
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the action's eval step", () => {
  it("passes args split like a shell, quotes honoured, nothing globbed or expanded", () => {
    const { argv } = runEvalStep({
      LLMOPS_ARGS: `--filter "refund *" *.eval.yml '$HOME' $(touch pwned) --strict`,
    });
    const extra = argv.slice(argv.indexOf("--replay") + 1);
    expect(extra).toEqual([
      "--filter",
      "refund *",
      "*.eval.yml",
      "$HOME",
      "$(touch",
      "pwned)",
      "--strict",
    ]);
  });

  it("without args passes none, and replays without a key", () => {
    const { argv } = runEvalStep({ LLMOPS_ARGS: "  " });
    expect(argv[0]).toBe("eval");
    expect(argv.at(-1)).toBe("--replay");
  });

  it("gives each run its own artifact name, or the one asked for", () => {
    const a = runEvalStep({}).outputs.match(/^artifact-name=(.+)$/m)?.[1];
    const b = runEvalStep({}).outputs.match(/^artifact-name=(.+)$/m)?.[1];
    expect(a).toMatch(/^llmops-run-eval-\w{6}$/);
    expect(b).not.toBe(a);
    const named = runEvalStep({ LLMOPS_ARTIFACT_NAME: "llmops-run-shard-2" }).outputs;
    expect(named).toContain("artifact-name=llmops-run-shard-2\n");
  });
});

describe("the action's view page", () => {
  it("writes view.html into the uploaded run folder and names it in the outputs", () => {
    const { calls, outputs } = runEvalStep({});
    const runDir = outputs.match(/^run-dir=(.+)$/m)?.[1];
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(["view", runDir, "--out", `${runDir}/view.html`]);
    expect(outputs).toContain(`view=${runDir}/view.html\n`);
    expect(existsSync(`${runDir}/view.html`)).toBe(true);
    const upload = action.runs.steps.find((s) => s.id === "upload");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(upload?.with?.path).toBe("${{ steps.eval.outputs.run-dir }}");
  });

  it("a page that cannot be written warns and leaves the gate's exit code alone", () => {
    const { outputs, stdout } = runEvalStep({}, { viewFails: true });
    expect(outputs).not.toContain("view=");
    expect(outputs).toContain("exit-code=0\n");
    expect(stdout).toContain("::warning title=llmops::could not write the view page");
  });

  it("uploads before commenting, and the sticky comment links the artifact with the page", async () => {
    const steps = action.runs.steps;
    const upload = steps.findIndex((s) => s.id === "upload");
    const comment = steps.findIndex((s) => s.uses?.startsWith("actions/github-script@"));
    expect(upload).toBeGreaterThan(-1);
    expect(upload).toBeLessThan(comment);
    const dir = mkdtempSync(join(tmpdir(), "llmops-action-"));
    dirs.push(dir);
    writeFileSync(join(dir, "report.md"), "<!-- llmops-report -->\n## llmops: passed\n");
    const posted: string[] = [];
    const github = {
      paginate: async () => [],
      rest: {
        issues: {
          listComments: null,
          updateComment: async () => undefined,
          createComment: async (a: { body: string }) => posted.push(a.body),
        },
      },
    };
    const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
    const run = async (env: Record<string, string>) => {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
      const script = new AsyncFunction(
        "require",
        "github",
        "context",
        "process",
        steps[comment]!.with!.script,
      );
      await script(createRequire(import.meta.url), github, context, {
        env: { REPORT: join(dir, "report.md"), ...env },
      });
      return posted.pop()!;
    };
    const url = "https://github.com/o/r/actions/runs/1/artifacts/2";
    const body = await run({ VIEW: "/tmp/x/view.html", ARTIFACT_URL: url });
    expect(body.startsWith("<!-- llmops-report -->\n## llmops: passed\n")).toBe(true);
    expect(body).toContain(`[Open the run artifact](${url}) and its \`view.html\``);
    // No page (or no upload): the report alone.
    expect(await run({ VIEW: "", ARTIFACT_URL: url })).toBe(
      "<!-- llmops-report -->\n## llmops: passed\n",
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(steps[comment]!.env?.ARTIFACT_URL).toBe("${{ steps.upload.outputs.artifact-url }}");
  });
});

/** Runs the action's install step with stub npm and llmops that record what they were asked. */
function runInstallStep(project: Record<string, string>, actionHasDist: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "llmops-action-"));
  dirs.push(dir);
  for (const [rel, content] of Object.entries({
    ...project,
    "action/bin/llmops.js": `console.log("9.9.9-action")`,
    ...(actionHasDist ? { "action/dist/cli/main.js": "" } : {}),
    // npm ci in the project installs its llmops (1.2.3); the action's own install is logged only.
    "stubs/npm": `#!/bin/sh\necho "npm $*" >> "${join(dir, "npm.log")}"
if [ "$1" = ci ] && [ "$2" != --prefix ]; then
  mkdir -p node_modules/llmops/bin && echo 'console.log("1.2.3")' > node_modules/llmops/bin/llmops.js
fi\n`,
  })) {
    const abs = join(dir, rel.startsWith("action/") || rel.startsWith("stubs/") ? "" : "work", rel);
    mkdirSync(join(abs, ".."), { recursive: true });
    writeFileSync(abs, content, { mode: 0o755 });
  }
  mkdirSync(join(dir, "work"), { recursive: true });
  const step = action.runs.steps.find((s) => s.id === "install")!;
  const stdout = execFileSync("bash", ["-e", "-c", step.run!], {
    cwd: join(dir, "work"),
    encoding: "utf8",
    env: {
      PATH: `${join(dir, "stubs")}:${process.env.PATH}`,
      GITHUB_ACTION_PATH: join(dir, "action"),
      GITHUB_OUTPUT: join(dir, "outputs"),
    },
  });
  const npm = existsSync(join(dir, "npm.log")) ? readFileSync(join(dir, "npm.log"), "utf8") : "";
  return { dir, stdout, npm, outputs: readFileSync(join(dir, "outputs"), "utf8") };
}

describe("the action's install step", () => {
  it("runs the llmops the project's package.json depends on, and says so", () => {
    const r = runInstallStep(
      {
        "package.json": JSON.stringify({ devDependencies: { llmops: "github:x/llmops#v1.2.3" } }),
        "node_modules/llmops/bin/llmops.js": `console.log("1.2.3")`,
      },
      true,
    );
    expect(r.stdout).toContain("llmops 1.2.3 from the project's package.json");
    expect(r.outputs).toContain(`bin=${join(r.dir, "work/node_modules/llmops/bin/llmops.js")}\n`);
    expect(r.npm).toBe(""); // already installed by the workflow: nothing more to install
  });

  it("installs the project's dependencies when llmops is listed but not installed yet", () => {
    const r = runInstallStep(
      {
        "package.json": JSON.stringify({ devDependencies: { llmops: "1.2.3" } }),
        "package-lock.json": "{}",
      },
      true,
    );
    expect(r.npm).toBe("npm ci --no-audit --no-fund --loglevel=error\n");
    expect(r.stdout).toContain("llmops 1.2.3 from the project's package.json");
  });

  it("else runs its own prebuilt copy: runtime dependencies only, no build, no tsc", () => {
    const r = runInstallStep({ "package.json": "{}" }, true);
    expect(r.npm).toMatch(/^npm ci --prefix \S+ --omit=dev --ignore-scripts /);
    expect(r.stdout).toContain("llmops 9.9.9-action from the action's own copy");
    expect(r.outputs).toContain(`bin=${join(r.dir, "action/bin/llmops.js")}\n`);
    for (const s of action.runs.steps) expect(s.run ?? "").not.toMatch(/\btsc\b|npm run build/);
  });

  it("defaults to Node 22", () => {
    const inputs = (
      parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as {
        inputs: Record<string, { default: string }>;
      }
    ).inputs;
    expect(inputs["node-version"]?.default).toBe("22");
  });
});
