import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitInit, REPO_ROOT, runCli, runInProcess, tempProject } from "../test-support/project.js";
import { VERSION } from "../version.js";

const prompt = `name: greet
description: Greets a user
model: gpt-4o-mini
modelParameters: { temperature: 0 }
messages:
  - role: system
    content: Greet {{user.name}} in {{language}}.
  - role: user
    content: "{{message}}"
`;
const suite = `description: greetings
prompt: ../prompts/greet.prompt.yml
cases:
  - id: ada
    vars: { user: { name: Ada }, language: French, message: "Hi {{not_a_var}}" }
`;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project(files: Record<string, string> = {}) {
  const p = tempProject({
    "prompts/greet.prompt.yml": prompt,
    "evals/greet.eval.yml": suite,
    ...files,
  });
  cleanup = p.cleanup;
  return p;
}

describe("llmops (built CLI)", () => {
  it("--help lists the commands and exits 0", async () => {
    const p = project();
    const r = await runCli(["--help"], { cwd: p.dir });
    expect(r.code).toBe(0);
    for (const cmd of ["validate", "render", "prompts", "init"]) expect(r.stdout).toContain(cmd);
  });

  it("an unknown flag is exit 2 with a hint", async () => {
    const p = project();
    const r = await runCli(["validate", "--nope"], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--nope'");
    expect(r.stderr).toContain("hint:");
  });

  it("validate: a valid project is exit 0 with a one-line summary", async () => {
    const p = project();
    const r = await runInProcess(["validate"], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("ok 1 prompt, 1 suite, 1 case: all valid");
  });

  it("validate: problems are exit 2, located, with no stack trace", async () => {
    const p = project({
      "evals/bad.eval.yml":
        "description: x\nprompt: ../prompts/greet.prompt.yml\nscorers: [{type: regexp}]\ncases: [{id: a, vars: {}}]\n",
    });
    const r = await runCli(["validate"], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('evals/bad.eval.yml:3:18: scorers[0].type: unknown type "regexp"');
    expect(r.stderr).toContain('did you mean "regex"?');
    expect(r.stderr).toContain("1 problem; nothing was run.");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });

  it("validate --json prints the problems as data", async () => {
    const p = project({ "evals/greet.eval.yml": "description: x\n" });
    const r = await runInProcess(["validate", "--json"], { cwd: p.dir });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.problems[0]).toMatchObject({ file: "evals/greet.eval.yml", line: 1, col: 1 });
  });

  it("validate a named file only", async () => {
    const p = project({ "evals/other.eval.yml": "broken: [" });
    const ok = await runInProcess(["validate", "evals/greet.eval.yml"], { cwd: p.dir });
    expect(ok.code).toBe(0);
    const missing = await runInProcess(["validate", "evals/nope.eval.yml"], { cwd: p.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("evals/nope.eval.yml: file not found");
  });

  it("render: variables from a case, strict and never rendered twice", async () => {
    const p = project();
    const r = await runInProcess(
      ["render", "prompts/greet.prompt.yml", "--case", "evals/greet.eval.yml#ada"],
      { cwd: p.dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[system]\nGreet Ada in French.");
    expect(r.stdout).toContain("[user]\nHi {{not_a_var}}");
  });

  it("render --json prints the exact request body", async () => {
    const p = project();
    const r = await runInProcess(
      [
        "render",
        "greet",
        "--var",
        "user.name=Bob",
        "--var",
        "language=Dutch",
        "--var",
        "message:=42",
        "--json",
      ],
      { cwd: p.dir },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      model: "gpt-4o-mini",
      temperature: 0,
      messages: [
        { role: "system", content: "Greet Bob in Dutch." },
        { role: "user", content: "42" },
      ],
    });
  });

  it("render: a missing variable is exit 2 naming it and the file", async () => {
    const p = project();
    const r = await runInProcess(["render", "prompts/greet.prompt.yml", "--var", "language=x"], {
      cwd: p.dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "prompts/greet.prompt.yml: unknown variables {{user.name}}, {{message}}",
    );
    expect(r.stderr).toContain("hint: pass --var user.name=...");
  });

  it("render --vars-file and an unknown prompt name", async () => {
    const p = project({ "vars.yml": "user: {name: Cy}\nlanguage: Welsh\nmessage: hello\n" });
    const r = await runInProcess(["render", "greet", "--vars-file", "vars.yml"], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Greet Cy in Welsh.");
    const bad = await runInProcess(["render", "gret"], { cwd: p.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "greet"?');
  });

  it("prompts and prompts log show versions from git history", async () => {
    const p = project();
    const commit = gitInit(p.dir);
    commit("add greet prompt", "2026-01-01T10:00:00Z");
    writeFileSync(join(p.dir, "prompts/greet.prompt.yml"), `# a comment only\n${prompt}`);
    commit("comment the prompt", "2026-01-02T10:00:00Z");
    writeFileSync(
      join(p.dir, "prompts/greet.prompt.yml"),
      prompt.replace("content: Greet", "content: Warmly greet"),
    );
    commit("warmer greeting", "2026-01-03T10:00:00Z");

    const list = await runInProcess(["prompts", "--json"], { cwd: p.dir });
    expect(list.code).toBe(0);
    const [row] = JSON.parse(list.stdout);
    expect(row).toMatchObject({
      name: "greet",
      file: "prompts/greet.prompt.yml",
      model: "gpt-4o-mini",
    });
    expect(row.lastCommit.subject).toBe("warmer greeting");

    const log = await runInProcess(["prompts", "log", "greet", "--json"], { cwd: p.dir });
    expect(log.code).toBe(0);
    const { entries } = JSON.parse(log.stdout);
    expect(entries.map((e: { subject: string }) => e.subject)).toEqual([
      "warmer greeting",
      "comment the prompt",
      "add greet prompt",
    ]);
    expect(entries[0].version).toBe(row.version);
    expect(entries[1].version).toBe(entries[2].version);
    expect(entries[0].version).not.toBe(entries[1].version);
    expect(entries.map((e: { sameVersion: boolean }) => e.sameVersion)).toEqual([
      false,
      true,
      false,
    ]);
    expect(entries[2].author).toBe("Test Author");

    const text = await runInProcess(["prompts", "log", "greet"], { cwd: p.dir });
    expect(text.stdout).toContain("(formatting only, same version)");
  });

  it("prompts log outside git is exit 2 with a reason", async () => {
    const p = project();
    const r = await runInProcess(["prompts", "log", "greet"], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a git repository");
  });

  it("init scaffolds a valid project and never overwrites", async () => {
    const p = tempProject({
      "llmops.yaml": "concurrency: 3\n",
      ".gitignore": "node_modules\n.llmops",
    });
    cleanup = p.cleanup;
    const r = await runInProcess(["init"], { cwd: p.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("skipped llmops.yaml");
    expect(r.stdout).toContain("created prompts/summarize.prompt.yml");
    expect(readFileSync(join(p.dir, "llmops.yaml"), "utf8")).toBe("concurrency: 3\n");
    expect(existsSync(join(p.dir, ".github/workflows/llmops.yml"))).toBe(true);
    expect(readFileSync(join(p.dir, "evals/summarize.eval.yml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=/,
    );
    const v = await runInProcess(["validate"], { cwd: p.dir });
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
    // .llmops was already ignored (without its slash): only the other patterns are added.
    expect(readFileSync(join(p.dir, ".gitignore"), "utf8")).toBe(
      "node_modules\n.llmops\n# llmops: run folders, cache and temporary files\n*.llmops-tmp\n.llmops-lock\n",
    );
    const again = await runInProcess(["init"], { cwd: p.dir });
    expect(again.stdout).not.toContain("created");
    expect(again.stdout).not.toContain("ignored");
  });

  it("init in an empty folder ignores what llmops writes, so git add -A commits no run or cache", async () => {
    const p = tempProject({});
    cleanup = p.cleanup;
    const r = await runInProcess(["init"], { cwd: p.dir });
    expect(r.stdout).toContain("ignored .llmops/ *.llmops-tmp .llmops-lock (.gitignore)");
    expect(readFileSync(join(p.dir, ".gitignore"), "utf8")).toContain(".llmops/\n");
    // The next step it prints is a command that resolves: llmops is not on the npm registry.
    expect(r.stdout).toContain(`npm install -D github:llmops-dev/llmops#v${VERSION}`);
    expect(r.stdout).not.toMatch(/npm install (--save-dev|-D) llmops\b/);
    const workflow = readFileSync(join(p.dir, ".github/workflows/llmops.yml"), "utf8");
    expect(workflow).toMatch(/^on:\n {2}pull_request:/m);
    expect(workflow).toContain(`uses: llmops-dev/llmops@v${VERSION}\n`);
    // The config's link to its reference names a page that exists, at this release's tag.
    const link = readFileSync(join(p.dir, "llmops.yaml"), "utf8").match(
      /github\.com\/llmops-dev\/llmops\/blob\/v[\d.]+\/(\S+)/,
    );
    expect(link?.[1]).toBe("docs/config.md");
    expect(existsSync(join(REPO_ROOT, link![1]!))).toBe(true);
  });

  it("outside any project, validate and eval hint at init and scan nothing", async () => {
    // A stray broken suite below the folder (as in /tmp) must not be read.
    const p = tempProject({ "someone-else/broken.eval.yml": "cases: [\n" });
    cleanup = p.cleanup;
    for (const cmd of ["validate", "eval"]) {
      const r = await runInProcess([cmd], { cwd: p.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("no llmops project here");
      expect(r.stderr).toContain("hint: run `npx llmops init` here");
      expect(r.stderr).not.toContain("broken.eval.yml");
      expect(r.stderr.match(/^error /gm)).toHaveLength(1);
    }
  });

  it("an empty git repository hints at init", async () => {
    const p = tempProject({});
    cleanup = p.cleanup;
    gitInit(p.dir);
    const r = await runInProcess(["validate"], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("hint: run `npx llmops init` here");
  });

  it("a suite's description is optional; the gate's rule is in eval --help, not after a run", async () => {
    const p = project({ "evals/greet.eval.yml": suite.replace("description: greetings\n", "") });
    const v = await runInProcess(["validate"], { cwd: p.dir });
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
    const help = await runInProcess(["eval", "--help"], { cwd: p.dir });
    expect(help.stdout).toContain("How the gate decides");
    expect(help.stdout).toContain("sign-flip permutation test");
  });

  it("-C runs in another folder", async () => {
    const p = project();
    const r = await runCli(["-C", p.dir, "validate"], { cwd: "/" });
    expect(r.code).toBe(0);
  });
});
