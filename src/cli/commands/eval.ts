import { relative } from "node:path";
import { RunError, UsageError } from "../../errors.js";
import {
  collectFailures,
  failureLines,
  fmtUsd,
  SUMMARY_HEAD,
  summaryRows,
} from "../../report/terminal.js";
import { type EvalResult, runEval } from "../../run/eval.js";
import { readResults } from "../../run/run-dir.js";
import { colors, type Io } from "../io.js";
import { progressRenderer } from "../progress.js";
import { table } from "../table.js";

export interface EvalFlags {
  paths: string[];
  filter: string[];
  model: string[];
  trials?: number;
  concurrency?: number;
  replay?: boolean;
  record?: boolean;
  cache: boolean;
  maxCost?: number;
  resume?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  prune?: boolean;
  shard?: { index: number; count: number };
}

export async function evalCommand(flags: EvalFlags, io: Io): Promise<number> {
  if (flags.replay && flags.record)
    throw new UsageError(
      "--replay and --record exclude each other",
      "--replay uses only recordings; --record calls live and saves",
    );
  if (
    flags.resume &&
    (flags.paths.length ||
      flags.filter.length ||
      flags.model.length ||
      flags.trials ||
      flags.replay ||
      flags.record ||
      flags.out ||
      flags.shard)
  ) {
    throw new UsageError(
      "--resume continues a run with the options it started with",
      "give only --resume <run-dir> (and optionally --concurrency, --max-cost)",
    );
  }
  const c = colors(io);
  const progress = progressRenderer(io, c, Boolean(flags.quiet || flags.json));
  const stop = new AbortController();
  const cancel = new AbortController();
  const off = io.onInterrupt(() => {
    if (!stop.signal.aborted) {
      stop.abort();
      setTimeout(() => cancel.abort(), 5000).unref();
    } else cancel.abort();
  });
  let result: EvalResult;
  try {
    result = await runEval({
      cwd: io.cwd,
      env: io.env,
      now: io.now,
      targets: flags.paths,
      filter: flags.filter,
      models: flags.model,
      trials: flags.trials,
      concurrency: flags.concurrency,
      mode: flags.replay ? "replay" : flags.record ? "record" : "auto",
      cache: flags.cache,
      maxCost: flags.maxCost,
      prune: Boolean(flags.prune),
      shard: flags.shard,
      resume: flags.resume,
      out: flags.out,
      stop: stop.signal,
      cancel: cancel.signal,
      onEvent: progress.onEvent,
    });
  } finally {
    progress.end();
    off();
  }
  const { summary, runDir, outcome } = result;
  const relDir = relative(io.cwd, runDir) || ".";
  if (flags.json) io.stdout(`${JSON.stringify({ runDir, ...summary }, null, 2)}\n`);
  else if (!flags.quiet) {
    io.stdout(table(SUMMARY_HEAD, summaryRows(summary.suites, c), io));
    const failures = await collectFailures(readResults(runDir), 10);
    for (const line of failureLines(failures, c)) io.stdout(`${line}\n`);
    const spent =
      summary.totals.spentUsd > 0 ? `, spent ${fmtUsd(summary.totals.spentUsd)} live` : "";
    io.stdout(
      c.dim(
        `\nrun: ${relDir}${spent}${summary.recorded.length ? `; recorded ${summary.recorded.join(", ")}` : ""}\n`,
      ),
    );
  }
  if (outcome.status !== "complete") {
    const resume = `llmops eval --resume ${relDir}`;
    if (outcome.failure) throw outcome.failure;
    if (outcome.status === "budget") {
      throw new RunError(
        `cost budget reached: spent ${fmtUsd(outcome.spent)}; ${outcome.remaining} trial${outcome.remaining === 1 ? "" : "s"} not run`,
        `raise --max-cost and continue with: ${resume} --max-cost <usd>`,
        "budget",
      );
    }
    throw new RunError(
      `interrupted: ${summary.totals.trials} of ${summary.totals.planned} trials done; results and summary are saved`,
      `continue with: ${resume}`,
      "interrupted",
    );
  }
  const dead = summary.suites.filter(
    (s) => s.trials > 0 && Object.values(s.errors).reduce((a, b) => a + (b ?? 0), 0) === s.trials,
  );
  if (dead.length > 0) {
    throw new RunError(
      `every call failed for ${dead.map((s) => `${s.suite} [${s.model}]`).join(", ")}`,
      "see the errors above; the run produced no scores for these",
    );
  }
  return 0;
}
