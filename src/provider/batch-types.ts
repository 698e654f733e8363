import type { CallResult } from "./types.js";

/** The state of a submitted batch, as far as a run needs it. */
export interface BatchState {
  id: string;
  /** validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled. */
  status: string;
  counts: { total: number; completed: number; failed: number };
  outputFileId: string | undefined;
  errorFileId: string | undefined;
  /** Why a batch failed validation, when it did. */
  errors: string[];
}

/** An endpoint's Batch API: upload a JSONL file, submit it, watch it, read its results. */
export interface BatchApi {
  /** Upload a batch input file (purpose batch); its file id. */
  upload(name: string, jsonl: string): Promise<string>;
  /** Create a batch of chat completions over an uploaded file, 24h window. */
  create(inputFileId: string, metadata: Record<string, string>): Promise<BatchState>;
  retrieve(batchId: string): Promise<BatchState>;
  /** The text of an output or error file. */
  content(fileId: string): Promise<string>;
}

/** One answer of a batch's output or error file, mapped back to a call result. */
export interface BatchAnswer {
  customId: string;
  result: CallResult;
}

/** Batch states after which nothing more will change. */
export const finalBatchStates = new Set(["completed", "failed", "expired", "cancelled"]);
