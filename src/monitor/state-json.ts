import { type SliceStatsJson, sliceFromJson, sliceToJson } from "./slice-stats.js";
import type { Buckets, Example, MonitorState, WindowName } from "./state.js";

/** The state as JSON (monitor-state.json), for `llmops monitor merge`. */
export interface MonitorStateJson {
  bucket: "hour" | "day";
  windows: Record<WindowName, Record<string, Record<string, SliceStatsJson>>>;
  examples: Record<string, Example[]>;
  skipped: MonitorState["skipped"];
  problems: string[];
}

export function stateToJson(s: MonitorState): MonitorStateJson {
  const win = (b: Buckets) =>
    Object.fromEntries(
      [...b]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, slices]) => [
          k,
          Object.fromEntries(
            [...slices]
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([n, st]) => [n, sliceToJson(st)]),
          ),
        ]),
    );
  return {
    bucket: s.bucket,
    windows: { current: win(s.windows.current), reference: win(s.windows.reference) },
    examples: Object.fromEntries([...s.examples].sort(([x], [y]) => x.localeCompare(y))),
    skipped: s.skipped,
    problems: s.problems,
  };
}

export function stateFromJson(j: MonitorStateJson): MonitorState {
  const win = (o: Record<string, Record<string, SliceStatsJson>>): Buckets =>
    new Map(
      Object.entries(o).map(([k, slices]) => [
        k,
        new Map(Object.entries(slices).map(([n, st]) => [n, sliceFromJson(st)])),
      ]),
    );
  return {
    bucket: j.bucket,
    windows: { current: win(j.windows.current), reference: win(j.windows.reference) },
    examples: new Map(Object.entries(j.examples)),
    skipped: { ...j.skipped },
    problems: [...j.problems],
  };
}
