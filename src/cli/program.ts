import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ExitCode } from "../errors.js";
import { DECISION_RULE } from "../report/decision-rule.js";
import { VERSION } from "../version.js";
import type { QueueFlags } from "./commands/label.js";
import type { Io } from "./io.js";
import { reportError } from "./report-error.js";

/** Wraps a command body: gives it the Io (with -C applied), maps errors to exit codes. */
export type Act = <A extends unknown[]>(
  body: (io: Io, ...args: A) => Promise<number>,
) => (...args: [...A, Command]) => Promise<void>;

/** Build the command tree. Each command's code is imported only when it runs. */
export function createProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("llmops")
    .description("Git-native prompts and evals: render, run, compare against a baseline, gate.")
    .version(VERSION, "-V, --version")
    .option("-C, --cwd <dir>", "run as if started in <dir>")
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) =>
        write(`error ${s.replace(/^error: /, "").trimEnd()}\n  hint: see llmops --help\n`),
    })
    .exitOverride();

  const act: Act =
    (body) =>
    async (...args) => {
      const cmd = args.at(-1) as Command;
      const cwd = (cmd.optsWithGlobals() as { cwd?: string }).cwd;
      const cmdIo = cwd ? { ...io, cwd: resolve(io.cwd, cwd) } : io;
      try {
        const call = body as (io: Io, ...rest: unknown[]) => Promise<number>;
        setExit(await call(cmdIo, ...args.slice(0, -1)));
      } catch (err) {
        setExit(reportError(err, cmdIo));
      }
    };

  addValidate(program, act);
  addRender(program, act);
  addPrompts(program, act);
  addEval(program, act);
  addEstimate(program, act);
  addDiff(program, act);
  addReport(program, act);
  addView(program, act);
  addLabel(program, act);
  addMerge(program, act);
  addJudge(program, act);
  addMonitor(program, act);
  addInit(program, act);
  return program;
}

function addValidate(program: Command, act: Act): void {
  program
    .command("validate")
    .description("check prompt, suite and config files; report every problem with file:line:col")
    .argument("[paths...]", "names, files, folders or globs (default: the whole project)")
    .option("--json", "print problems as JSON on stdout")
    .option("--strict", "a variable a prompt file's testData row lacks is an error, not a warning")
    .action(
      act(async (io, paths: string[], opts: { json?: boolean; strict?: boolean }) =>
        (await import("./commands/validate.js")).validateCommand({ paths, ...opts }, io),
      ),
    );
}

function addRender(program: Command, act: Act): void {
  program
    .command("render")
    .description("render a prompt with variables and print the messages (or the request body)")
    .argument("<prompt>", "a .prompt.yml file, or a prompt name")
    .option(
      "--var <key=value>",
      "a variable (repeatable; a.b=v nests, k:=json is typed)",
      collect,
      [],
    )
    .option("--vars-file <file>", "variables from a YAML or JSON file")
    .option(
      "--case <suite#case-id>",
      "variables of a suite's case; the suite by name or file, e.g. support#refund-1",
    )
    .option("--model <name>", "model for the request body (default the prompt's)")
    .option("--json", "print the exact request body as JSON")
    .action(
      act(
        async (
          io,
          prompt: string,
          opts: Omit<import("./commands/render.js").RenderFlags, "prompt">,
        ) => (await import("./commands/render.js")).renderCommand({ prompt, ...opts }, io),
      ),
    );
}

function addPrompts(program: Command, act: Act): void {
  const prompts = program
    .command("prompts")
    .description("list prompts with their versions and last change")
    .enablePositionalOptions()
    .option("--json", "print as JSON")
    .action(
      act(async (io, opts: { json?: boolean }) =>
        (await import("./commands/prompts.js")).promptsCommand(opts, io),
      ),
    );
  prompts
    .command("log")
    .description("git history of a prompt with its version at each commit")
    .argument("<name>", "prompt name or file")
    .option("--json", "print as JSON")
    .action(
      act(async (io, name: string, opts: { json?: boolean }) =>
        (await import("./commands/prompts.js")).promptsLogCommand({ name, ...opts }, io),
      ),
    );
}

function addEval(program: Command, act: Act): void {
  program
    .command("eval")
    .description("run suites against models (or recordings), score, write a run folder")
    .argument("[paths...]", "suite or prompt names, files, folders or globs (default: every suite)")
    .option(
      "--filter <pattern>",
      "only suites or cases matching (glob over suite, case id, suite/case; repeatable)",
      collect,
      [],
    )
    .option("--model <name>", "run these models instead of the suites' (repeatable)", collect, [])
    .option(
      "--reference <model>",
      "with several models: compare the others with this one (default the suite's first model)",
    )
    .option("--trials <n>", "trials per case", positiveInt)
    .option(
      "--until-decided [maxTrials]",
      "sequential trials: one per case, then one more for every case of a suite while it is INCONCLUSIVE, up to maxTrials (default gate.sequential.maxTrials, else 3)",
      positiveInt,
    )
    .option(
      "--concurrency <n>",
      "calls in flight at most (default llmops.yaml, else 8)",
      positiveInt,
    )
    .option("--replay", "use only recorded responses (fixtures/); a missing one is exit 3")
    .option("--record", "call models live and save their responses to fixtures/")
    .option(
      "--live",
      "call models live, answering nothing from recordings or the cache (answers still refresh .llmops/cache unless --no-cache); nothing is written to fixtures/",
    )
    .option("--prune", "with --record: drop recordings the suites no longer use")
    .option("--no-cache", "neither read nor write the local response cache (.llmops/cache)")
    .option(
      "--max-cost <usd>",
      "refuse to start (exit 4) if the lower estimate is over this; stop once this much is spent",
      positiveNumber,
    )
    .option("--dry-run", "print the estimate (llmops estimate) and call nothing")
    .option("--resume <run-dir>", "finish an interrupted run without repeating finished calls")
    .option("--out <dir>", "write the run folder here instead of .llmops/runs/<id>")
    .option("--shard <i/n>", "run slice i of n (by a hash of suite and case id)", shardArg)
    .option(
      "--baseline-ref <git-ref>",
      "compare with the baselines as committed at this ref (e.g. origin/main)",
    )
    .option(
      "--update-baseline",
      "write the baselines of the suites that ran (refused for partial or erroring runs)",
    )
    .option("--force", "with --update-baseline: write even from a partial or erroring run")
    .option(
      "--strict",
      "an INCONCLUSIVE comparison fails the gate too (exit 1); a variable a prompt file's testData row lacks is an error",
    )
    .option("--changed-since <git-ref>", "run only the suites whose files changed since this ref")
    .option(
      "--report <formats>",
      "also write these reports into the run folder: markdown,junit,json",
    )
    .option("--redact", "mask PII and secrets in everything the run folder stores")
    .option("--batch", "send the model calls through the provider's Batch API (half price, slower)")
    .option(
      "--batch-poll <seconds>",
      "with --batch: how often to check the batch (default 30)",
      positiveNumber,
    )
    .option("--json", "print the run summary and comparison as JSON on stdout")
    .option(
      "--json-format <format>",
      "with --json: llmops (default), or gh for the JSON `gh models eval --json` prints",
    )
    .option("--quiet", "print nothing but errors")
    .addHelpText("after", `\nHow the gate decides (docs/gate.md):\n  ${DECISION_RULE}\n`)
    .action(
      act(
        async (io, paths: string[], opts: Omit<import("./commands/eval.js").EvalFlags, "paths">) =>
          (await import("./commands/eval.js")).evalCommand({ paths, ...opts }, io),
      ),
    );
}

function addEstimate(program: Command, act: Act): void {
  program
    .command("estimate")
    .description("count the tokens and price the live calls a run would make, calling nothing")
    .argument("[paths...]", "suite or prompt names, files, folders or globs (default: every suite)")
    .option("--filter <pattern>", "only suites or cases matching (as eval)", collect, [])
    .option(
      "--model <name>",
      "estimate these models instead of the suites' (repeatable)",
      collect,
      [],
    )
    .option("--trials <n>", "trials per case", positiveInt)
    .option("--replay", "as eval --replay: every call from recordings")
    .option("--record", "as eval --record: every call live")
    .option("--live", "as eval --live: every call live, nothing read from recordings or the cache")
    .option("--no-cache", "as eval --no-cache: the local response cache answers nothing")
    .option("--shard <i/n>", "estimate slice i of n", shardArg)
    .option("--resume <run-dir>", "estimate what is left of an interrupted run")
    .option("--max-cost <usd>", "exit 4 if the lower estimate is over this budget", positiveNumber)
    .option("--batch", "price the model calls as eval --batch pays them (batchDiscount)")
    .option("--json", "print the estimate as JSON")
    .action(
      act(
        async (
          io,
          paths: string[],
          opts: Omit<import("./commands/estimate.js").EstimateFlags, "paths">,
        ) => (await import("./commands/estimate.js")).estimateCommand({ paths, ...opts }, io),
      ),
    );
}

function addDiff(program: Command, act: Act): void {
  program
    .command("diff")
    .description("compare two runs, or a run with the baselines, without calling any model")
    .argument(
      "[base]",
      "the run folder or run id to compare against (alone: the run to judge, against the baselines)",
    )
    .argument("[head]", "the run folder or run id to judge (default: the latest run)")
    .option("--baseline-ref <git-ref>", "with the baselines: as committed at this ref")
    .option("--strict", "INCONCLUSIVE fails too (exit 1)")
    .option("--json", "print the comparison as JSON")
    .action(
      act(
        async (
          io,
          base: string | undefined,
          head: string | undefined,
          opts: { baselineRef?: string; strict?: boolean; json?: boolean },
        ) =>
          (await import("./commands/diff.js")).diffCommand(
            { ...(base ? { base } : {}), ...(head ? { head } : {}), ...opts },
            io,
          ),
      ),
    );
}

function addReport(program: Command, act: Act): void {
  program
    .command("report")
    .description("render a run's report: markdown (the PR comment), junit, or json")
    .argument("[run-dir]", "the run folder or run id (default: the latest run)")
    .option("--format <format>", "markdown, junit or json", "markdown")
    .option("--out <file>", "write to a file instead of stdout")
    .option("--baseline-ref <git-ref>", "include the prompt diffs against this ref")
    .action(
      act(
        async (
          io,
          runDir: string | undefined,
          opts: { format: string; out?: string; baselineRef?: string },
        ) =>
          (await import("./commands/report.js")).reportCommand(
            { ...(runDir ? { runDir } : {}), ...opts },
            io,
          ),
      ),
    );
}

function addView(program: Command, act: Act): void {
  program
    .command("view")
    .description(
      "write one self-contained HTML page to look at a run and label its cases, or at a monitor run's alerts and time series",
    )
    .argument(
      "[run-dir]",
      "the run folder or run id (default: the latest run), or a `monitor --out` folder",
    )
    .option(
      "--out <file>",
      "where to write the page (default: <run-dir>/view.html, or monitor.html in a monitor folder)",
    )
    .option("--open", "open the page in the default browser")
    .action(
      act(async (io, runDir: string | undefined, opts: { out?: string; open?: boolean }) =>
        (await import("./commands/view.js")).viewCommand(
          { ...(runDir ? { runDir } : {}), ...opts },
          io,
        ),
      ),
    );
}

function addLabel(program: Command, act: Act): void {
  const label = program.command("label").description("human review labels");
  label
    .command("queue")
    .description(
      "rank the cases most worth a human look: judge/human disagreements, guardrail hits, monitor flags, errors, judge scores near the threshold",
    )
    .argument("[run-dir]", "the run folder (default: the latest run)")
    .option("--out <file>", "write the queue as JSON")
    .option("--html [file]", "write the view page in queue mode (default: <run-dir>/queue.html)")
    .option("--from-monitor <file...>", "add the records of `monitor --export-cases` files")
    .option(
      "--margin <n>",
      "a judge score this close to its threshold is low confidence",
      unitArg,
      0.15,
    )
    .option("--limit <n>", "how many items to print", positiveInt, 20)
    .action(
      act(async (io, runDir: string | undefined, opts: QueueFlags) =>
        (await import("./commands/label.js")).labelQueueCommand(
          { ...(runDir ? { runDir } : {}), ...opts },
          io,
        ),
      ),
    );
  label
    .command("apply")
    .description("write labels exported from `llmops view` into the dataset files as human: labels")
    .argument("<labels-file>", "the labels.json the view page exported")
    .action(
      act(async (io, file: string) =>
        (await import("./commands/label.js")).labelApplyCommand(file, io),
      ),
    );
}

function addMerge(program: Command, act: Act): void {
  program
    .command("merge")
    .description("combine the run folders of --shard runs into one run, then compare and report")
    .argument("<run-dirs...>", "the shards' run folders")
    .requiredOption("--out <dir>", "the merged run folder")
    .option("--baseline-ref <git-ref>", "compare with the baselines as committed at this ref")
    .option("--strict", "INCONCLUSIVE fails too (exit 1)")
    .option("--report <formats>", "also write these reports: markdown,junit,json")
    .option("--json", "print the merged summary and comparison as JSON")
    .option("--quiet", "print nothing but errors")
    .action(
      act(
        async (io, dirs: string[], opts: Omit<import("./commands/merge.js").MergeFlags, "dirs">) =>
          (await import("./commands/merge.js")).mergeCommand({ dirs, ...opts }, io),
      ),
    );
}

function addJudge(program: Command, act: Act): void {
  const judge = program.command("judge").description("measure LLM judges against human labels");
  judge
    .command("check")
    .description(
      "run only the judges on cases with human labels; print agreement, kappa, confusion",
    )
    .argument("[paths...]", "suite files, folders or globs (default: every suite)")
    .option("--min-kappa <k>", "exit 1 when a judge's Cohen's kappa is below k", kappaArg)
    .option("--replay", "use only recorded responses")
    .option("--record", "call live and save responses")
    .option("--no-cache", "do not use the local response cache")
    .option("--json", "print the agreement as JSON")
    .option("--quiet", "print nothing but errors")
    .action(
      act(
        async (
          io,
          paths: string[],
          opts: Omit<import("./commands/judge.js").JudgeCheckFlags, "paths">,
        ) => (await import("./commands/judge.js")).judgeCheckCommand({ paths, ...opts }, io),
      ),
    );
}

function addMonitor(program: Command, act: Act): void {
  type Flags = import("./commands/monitor.js").MonitorFlags;
  type MergeFlags = import("./commands/monitor.js").MonitorMergeFlags;
  const monitor = program
    .command("monitor")
    .description("score production logs; test drift and fairness; exit 1 when an alert fires")
    .argument("<monitor-file>", "a *.monitor.yml file")
    .argument("[logs...]", "current log files, folders or globs (default: the file's logs)")
    .option("--reference <logs>", "reference log files to compare with (repeatable)", collect, [])
    .option(
      "--since <time>",
      "current window starts here (ISO time or 24h, 7d); earlier is the reference",
    )
    .option("--until <time>", "current window ends here (exclusive)")
    .option("--shard <i/n>", "read file slice i of n; combine with llmops monitor merge", shardArg)
    .option("--replay", "judges: use only recorded responses; a missing one is exit 3")
    .option("--record", "judges: call live and save the responses to fixtures/")
    .option("--no-cache", "judges: neither read nor write the local response cache")
    .option(
      "--max-cost <usd>",
      "judges: stop scheduling live judge calls at this spend",
      positiveNumber,
    )
    .option("--export-cases <file>", "write flagged records as eval dataset rows (JSONL, redacted)")
    .option("--out <dir>", "write monitor.json, monitor.md and monitor-state.json here")
    .option("--markdown <file>", "write the incident brief (markdown) to this file")
    .option("--series", "also print the hourly/daily series table")
    .option("--strict", "an INCONCLUSIVE drift fails too (exit 1)")
    .option("--json", "print the report as JSON on stdout")
    .option("--quiet", "print nothing but errors")
    .action(
      act(async (io, file: string, logs: string[], opts: Omit<Flags, "file" | "logs">) =>
        (await import("./commands/monitor.js")).monitorCommand({ file, logs, ...opts }, io),
      ),
    );
  monitor
    .command("merge")
    .description("combine the --out folders of monitor --shard runs; judge the sample; decide")
    .argument("<dirs...>", "the shards' --out folders")
    .option("--out <dir>", "write the merged monitor.json, monitor.md and monitor-state.json here")
    .option("--markdown <file>", "write the incident brief (markdown) to this file")
    .option("--replay", "judges: use only recorded responses")
    .option("--record", "judges: call live and save the responses")
    .option("--no-cache", "judges: do not use the local response cache")
    .option("--max-cost <usd>", "judges: stop at this spend", positiveNumber)
    .option("--series", "also print the series table")
    .option("--strict", "an INCONCLUSIVE drift fails too (exit 1)")
    .option("--json", "print the report as JSON")
    .option("--quiet", "print nothing but errors")
    .action(
      act(async (io, dirs: string[], opts: Omit<MergeFlags, "dirs">) =>
        (await import("./commands/monitor.js")).monitorMergeCommand({ dirs, ...opts }, io),
      ),
    );
}

function addInit(program: Command, act: Act): void {
  program
    .command("init")
    .description("scaffold llmops.yaml, a prompt, a suite and a CI workflow (never overwrites)")
    .action(act(async (io) => (await import("./commands/init.js")).initCommand(io)));
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number above 0");
  return n;
}

function unitArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError("expected a number from 0 to 1");
  return n;
}

function kappaArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < -1 || n > 1)
    throw new InvalidArgumentError("expected a number from -1 to 1");
  return n;
}

function shardArg(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError("expected i/n with 1 <= i <= n, e.g. 2/3");
  return { index, count };
}

/** Parse argv and run; resolves the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let exit: number = ExitCode.ok;
  const program = createProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      const shown = err.code === "commander.helpDisplayed" || err.code === "commander.version";
      return shown ? ExitCode.ok : ExitCode.badInput;
    }
    return reportError(err, io);
  }
  return exit;
}
