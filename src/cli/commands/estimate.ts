import { type EstimateResult, estimate } from "../../commands/estimate.js";
import type { EstimateRow } from "../../run/estimate.js";
import { colors, type Io } from "../io.js";
import { table } from "../table.js";
import { runSelection } from "./eval.js";

export interface EstimateFlags {
  paths: string[];
  filter: string[];
  model: string[];
  trials?: number;
  /** `eval --dry-run --until-decided`: round 1 (one trial per case) is what is priced. */
  untilDecided?: number | true;
  replay?: boolean;
  live?: boolean;
  record?: boolean;
  cache: boolean;
  shard?: { index: number; count: number };
  resume?: string;
  maxCost?: number;
  /** Price the model calls as a `--batch` run pays them (batchDiscount). */
  batch?: boolean;
  json?: boolean;
}

export async function estimateCommand(flags: EstimateFlags, io: Io): Promise<number> {
  const r = await estimate(runSelection(flags, io));
  if (flags.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
  else printEstimate(r, io);
  return r.exitCode;
}

const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(2)}`;

function costRange(c: { low: number; high: number | undefined } | undefined): string {
  if (!c) return "no price";
  return c.high === undefined
    ? `${usd(c.low)} – ? (no maxTokens)`
    : `${usd(c.low)} – ${usd(c.high)}`;
}

/** p95 input tokens of a call, and the share of the model's context window it fills. */
function p95Cell(r: EstimateRow): string {
  const n = `${r.exact ? "" : "≈"}${r.inputTokens.p95}`;
  if (!r.contextWindow) return n;
  const pct = (100 * r.inputTokens.p95) / r.contextWindow;
  return `${n} (${pct < 0.1 ? "<0.1" : pct.toFixed(1)}% of ${r.contextWindow})`;
}

function outputCell(r: EstimateRow): string {
  if (r.calls.live === 0) return "0";
  const o = r.outputTokens;
  const low = o.observedMean === undefined ? "?" : String(o.expected);
  return `${low} – ${o.max ?? "?"}`;
}

export function printEstimate(r: EstimateResult, io: Io): void {
  const c = colors(io);
  const { rows, total } = r.estimate;
  const body = rows.map((x) => [
    x.router === undefined ? x.suite : `${x.suite} (router ${x.router})`,
    x.model,
    x.calls.live,
    x.calls.replayed,
    x.calls.cached,
    `${x.exact ? "" : "≈"}${x.inputTokens.live} / ${x.inputTokens.all}`,
    p95Cell(x),
    outputCell(x),
    costRange(x.costUsd),
  ]);
  io.stdout(
    table(
      [
        "suite",
        "model",
        "live",
        "replayed",
        "cached",
        "input tokens live / all",
        "p95 input/call (of context)",
        "output tokens (live)",
        "cost",
      ],
      body,
      io,
    ),
  );
  const approx = rows.filter((x) => !x.exact).map((x) => x.model);
  if (approx.length)
    io.stdout(
      `${c.dim(`≈ approximate: no known tokenizer for ${[...new Set(approx)].join(", ")}; counted with o200k_base`)}\n`,
    );
  io.stdout(
    `${c.bold("total")}: ${total.calls.live} live, ${total.calls.replayed} replayed, ${total.calls.cached} cached; ${total.liveInputTokens} live input tokens; cost ${costRange(total.costUsd)}\n`,
  );
  if (total.unpriced.length)
    io.stdout(`${c.yellow(`not priced (cost not in the total): ${total.unpriced.join(", ")}`)}\n`);
  const discount = rows.find((x) => x.batchDiscount !== undefined)?.batchDiscount;
  if (discount !== undefined)
    io.stdout(`${c.dim(`--batch: the model calls are priced at x${discount} (batchDiscount)`)}\n`);
  io.stdout(
    `${c.dim("output: the recordings' mean per call (low) to maxTokens (high); judge calls and prompt-cache discounts are not included")}\n`,
  );
  if (r.maxCost !== undefined)
    io.stdout(
      r.exitCode === 0
        ? `within --max-cost $${r.maxCost}\n`
        : `${c.red(`over --max-cost $${r.maxCost}: the lower estimate is ${usd(total.costUsd.low)}; eval --max-cost would refuse this run (exit 4)`)}\n`,
    );
}
