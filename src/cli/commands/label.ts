import { relative } from "node:path";
import { applyLabels } from "../../commands/label.js";
import { writeReviewQueue } from "../../commands/view.js";
import { ExitCode } from "../../errors.js";
import type { Io } from "../io.js";

export async function labelApplyCommand(labelsFile: string, io: Io): Promise<number> {
  const outcomes = await applyLabels(io.cwd, labelsFile);
  for (const o of outcomes) {
    const what = `${o.label.suite}/${o.label.case}${o.label.scorer ? ` (${o.label.scorer})` : ""}`;
    if (o.applied) io.stdout(`labelled ${what}: ${o.label.label} -> ${o.applied}\n`);
    else io.stderr(`error refused ${what}: ${o.refused}\n`);
  }
  const refused = outcomes.filter((o) => !o.applied).length;
  io.stdout(`${outcomes.length - refused} label(s) written, ${refused} refused\n`);
  return refused ? ExitCode.badInput : ExitCode.ok;
}

export interface QueueFlags {
  runDir?: string;
  out?: string;
  html?: string | true;
  fromMonitor?: string[];
  margin?: number;
  limit?: number;
}

/** Print the review queue (the first `limit` items) and write it as JSON and/or a page. */
export async function labelQueueCommand(f: QueueFlags, io: Io): Promise<number> {
  const { queue, json, page } = await writeReviewQueue(io.cwd, {
    ...(f.runDir ? { runDir: f.runDir } : {}),
    ...(f.out ? { out: f.out } : {}),
    ...(f.html ? { html: f.html } : {}),
    ...(f.fromMonitor ? { exports: f.fromMonitor } : {}),
    ...(f.margin !== undefined ? { margin: f.margin } : {}),
  });
  const limit = f.limit ?? 20;
  if (!queue.length)
    io.stdout(
      "review queue: empty (no disagreements, guardrail hits, flags, errors or close judge calls)\n",
    );
  else io.stdout(`review queue: ${queue.length} case(s)\n`);
  for (const item of queue.slice(0, limit))
    io.stdout(
      `${item.rank}. ${item.suite}/${item.case} (${item.model})\n${item.reasons.map((r) => `   ${r.kind}: ${r.detail}\n`).join("")}`,
    );
  if (queue.length > limit)
    io.stdout(
      `… and ${queue.length - limit} more${json ? "" : " (--out queue.json writes them all)"}\n`,
    );
  if (json) io.stdout(`wrote ${relative(io.cwd, json) || json}\n`);
  if (page) io.stdout(`wrote ${relative(io.cwd, page) || page}\n`);
  return 0;
}
