import type { RecordScore } from "./observe.js";
import type { MonitorRecord } from "./types.js";

/** A flagged record as an eval dataset row (the suite's case shape), ready for a suite. */
export interface CaseRow {
  id: string;
  description: string;
  vars: Record<string, unknown>;
  tags: string[];
}

/**
 * Writes flagged records as dataset rows, streamed in log order: the id is the hash of the input,
 * so the same input flagged twice is one row (the first); every string passes through `redact`.
 */
export class CaseExport {
  private readonly seen = new Set<string>();
  constructor(
    private readonly redact: <T>(v: T) => T,
    private readonly write: (line: string) => void,
  ) {}

  add(r: MonitorRecord, reasons: { kind: string; reason: string }[]): void {
    if (this.seen.has(r.id)) return;
    this.seen.add(r.id);
    const tags = [
      "monitor",
      ...new Set(reasons.map((x) => x.kind)),
      `model:${r.model}`,
      ...(r.feature ? [`feature:${r.feature}`] : []),
      ...(r.group ? [`group:${r.group}`] : []),
    ];
    const row: CaseRow = {
      id: `prod-${r.id}`,
      description: `${reasons
        .map((x) => `${x.kind}: ${x.reason}`)
        .join("; ")
        .slice(0, 300)} (from ${r.file}:${r.line})`,
      vars: {
        input: r.input,
        ...(r.context ? { context: r.context.map((c) => c.text).join("\n\n") } : {}),
        ...(r.system.length ? { system: r.system.join("\n\n") } : {}),
        output_seen: r.output,
      },
      tags,
    };
    this.write(`${JSON.stringify(this.redact(row))}\n`);
  }

  addJudged(r: MonitorRecord, scores: readonly RecordScore[]): void {
    const failed = scores.filter((s) => !s.pass);
    if (failed.length)
      this.add(
        r,
        failed.map((s) => ({ kind: `judge:${s.name}`, reason: s.reason })),
      );
  }

  get size(): number {
    return this.seen.size;
  }
}
