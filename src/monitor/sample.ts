import { sha256 } from "../util/hash.js";
import type { WindowName } from "./state.js";
import type { MonitorRecord } from "./types.js";

/** A record that may be judged, with its seeded rank (lowest ranks are judged). */
export interface Candidate {
  rank: number;
  window: WindowName;
  record: MonitorRecord;
}

/**
 * A seeded, group-stratified sample without replacement: for each window and group, the records
 * of lowest seeded rank. Keeping the lowest ranks is a uniform sample that merges exactly: the
 * union of two shards' lowest-k is the lowest-k of the union.
 */
export class StratifiedSample {
  readonly strata = new Map<string, Candidate[]>();
  constructor(
    readonly size: number,
    readonly seed: number,
  ) {}

  offer(window: WindowName, r: MonitorRecord): void {
    if (r.error) return;
    const rank = Number.parseInt(
      sha256(`${this.seed}:${r.id}:${r.file}:${r.line}`).slice(0, 12),
      16,
    );
    this.add({ rank, window, record: r });
  }

  add(c: Candidate): void {
    const key = `${c.window}|${c.record.group ?? "-"}`;
    const list = this.strata.get(key) ?? [];
    if (list.length >= this.size && c.rank >= list.at(-1)!.rank) return;
    list.push(c);
    list.sort((a, b) => a.rank - b.rank);
    if (list.length > this.size) list.pop();
    this.strata.set(key, list);
  }

  merge(other: StratifiedSample): void {
    for (const list of other.strata.values()) for (const c of list) this.add(c);
  }

  /**
   * The records to judge in one window: `size` split evenly across its groups, a group smaller
   * than its share giving the rest to the others.
   */
  pick(window: WindowName): Candidate[] {
    const groups = [...this.strata].filter(([k]) => k.startsWith(`${window}|`)).map(([, l]) => l);
    groups.sort((a, b) => a.length - b.length);
    let left = this.size;
    const out: Candidate[] = [];
    groups.forEach((list, i) => {
      const share = Math.floor(left / (groups.length - i));
      const take = list.slice(0, Math.min(share, list.length));
      left -= take.length;
      out.push(...take);
    });
    return out.sort((a, b) => a.rank - b.rank);
  }

  toJson(): Candidate[] {
    return [...this.strata.values()].flat();
  }
}
