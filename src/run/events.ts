import type { ProviderEvent } from "../provider/types.js";
import type { TrialResult } from "./types.js";

/** What the runner reports as it works; the CLI renders these (or nothing, with --json). */
export type RunEvent =
  | { type: "run-started"; total: number; skipped: number; runDir: string }
  | { type: "trial-finished"; result: TrialResult; done: number; total: number; spent: number }
  | { type: "stopping"; reason: "interrupted" | "budget" | "failing"; message: string }
  /** A batch was submitted or polled (eval --batch). */
  | { type: "batch"; message: string }
  | ProviderEvent;

export type EventSink = (e: RunEvent) => void;
