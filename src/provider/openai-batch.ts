import type OpenAI from "openai";
import { NotFoundError, toFile } from "openai";
import { RunError } from "../errors.js";
import type { BatchApi, BatchState } from "./batch-types.js";
import { openAIClient } from "./openai.js";

export interface BatchClientOptions {
  apiKey: string;
  baseURL: string | undefined;
  maxRetries: number;
  timeoutMs: number;
  headers?: Record<string, string> | undefined;
  /** The provider's name, for messages. */
  provider: string;
}

/** The OpenAI Batch API (/v1/files, /v1/batches) of one provider, through the official SDK. */
export function createBatchApi(o: BatchClientOptions): BatchApi {
  const client = openAIClient(o);
  const unsupported = <T>(what: string, p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      if (err instanceof NotFoundError)
        throw new RunError(
          `provider ${o.provider} has no Batch API: ${what} answered 404`,
          "run without --batch, or point the provider's baseURL at an endpoint that implements /v1/files and /v1/batches",
          "batch_unsupported",
        );
      throw err;
    });
  return {
    async upload(name, jsonl) {
      const file = await toFile(Buffer.from(jsonl, "utf8"), name, { type: "application/jsonl" });
      const f = await unsupported("/v1/files", client.files.create({ file, purpose: "batch" }));
      return f.id;
    },
    async create(inputFileId, metadata) {
      const b = await unsupported(
        "/v1/batches",
        client.batches.create({
          input_file_id: inputFileId,
          endpoint: "/v1/chat/completions",
          completion_window: "24h",
          metadata,
        }),
      );
      return stateOf(b);
    },
    async retrieve(batchId) {
      return stateOf(await client.batches.retrieve(batchId));
    },
    async content(fileId) {
      return (await client.files.content(fileId)).text();
    },
  };
}

function stateOf(b: OpenAI.Batch): BatchState {
  return {
    id: b.id,
    status: b.status,
    counts: {
      total: b.request_counts?.total ?? 0,
      completed: b.request_counts?.completed ?? 0,
      failed: b.request_counts?.failed ?? 0,
    },
    outputFileId: b.output_file_id ?? undefined,
    errorFileId: b.error_file_id ?? undefined,
    errors: (b.errors?.data ?? []).map((e) => `${e.code ?? "error"}: ${e.message ?? ""}`),
  };
}
