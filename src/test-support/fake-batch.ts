import type { IncomingMessage, ServerResponse } from "node:http";

/** How the fake Batch API behaves. */
export interface BatchBehavior {
  /** Retrieves that answer in_progress before the batch ends (default 1). */
  pollsToFinish?: number;
  /** How the batch ends (default completed). */
  end?: "completed" | "expired" | "failed";
  /** With end expired: how many requests ran before it expired (default 1). */
  ranBeforeExpiry?: number;
  /** 404 on /v1/files and /v1/batches: an endpoint without the Batch API. */
  unsupported?: boolean;
}

/** Answers one batch line's body as /v1/chat/completions would, without streaming. */
export type LineAnswer = (
  body: Record<string, unknown>,
) => Promise<{ status: number; body: unknown }>;

interface FakeBatch {
  id: string;
  inputFileId: string;
  polls: number;
  status: string;
  outputFileId?: string;
  errorFileId?: string;
  counts: { total: number; completed: number; failed: number };
}

/** /v1/files (upload, content) and /v1/batches (create, retrieve) in memory. */
export class FakeBatchApi {
  behavior: BatchBehavior = {};
  readonly files = new Map<string, string>();
  readonly batches = new Map<string, FakeBatch>();

  constructor(private readonly answer: LineAnswer) {}

  async serve(req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer): Promise<void> {
    if (this.behavior.unsupported)
      return json(res, 404, { error: { message: `no route ${path}` } });
    const method = req.method ?? "GET";
    const content = path.match(/\/files\/([^/]+)\/content$/);
    if (method === "GET" && content) {
      const text = this.files.get(content[1]!);
      if (text === undefined) return json(res, 404, { error: { message: "no such file" } });
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return void res.end(text);
    }
    if (method === "POST" && path.endsWith("/files")) return this.upload(req, res, raw);
    if (method === "POST" && path.endsWith("/batches")) {
      const body = JSON.parse(raw.toString("utf8") || "{}") as { input_file_id?: string };
      const input = this.files.get(body.input_file_id ?? "");
      if (input === undefined) return json(res, 400, { error: { message: "no such input file" } });
      const id = `batch_${this.batches.size + 1}`;
      const total = input.split("\n").filter((l) => l.trim()).length;
      const b: FakeBatch = {
        id,
        inputFileId: body.input_file_id!,
        polls: 0,
        status: "validating",
        counts: { total, completed: 0, failed: 0 },
      };
      this.batches.set(id, b);
      return json(res, 200, batchJson(b));
    }
    const one = path.match(/\/batches\/([^/]+)$/);
    const b = one ? this.batches.get(one[1]!) : undefined;
    if (method === "GET" && b) {
      if (b.status !== "validating" && b.status !== "in_progress")
        return json(res, 200, batchJson(b));
      b.polls++;
      if (b.polls > (this.behavior.pollsToFinish ?? 1)) await this.finish(b);
      else b.status = "in_progress";
      return json(res, 200, batchJson(b));
    }
    json(res, 404, { error: { message: `no route ${method} ${path}` } });
  }

  private upload(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers["content-type"] ?? "");
    const sep = `--${boundary?.[1] ?? boundary?.[2] ?? ""}`;
    let file: string | undefined;
    let purpose: string | undefined;
    for (const part of raw.toString("utf8").split(sep)) {
      const at = part.indexOf("\r\n\r\n");
      if (at < 0) continue;
      const head = part.slice(0, at);
      const value = part.slice(at + 4).replace(/\r\n$/, "");
      if (/name="file"/.test(head)) file = value;
      else if (/name="purpose"/.test(head)) purpose = value;
    }
    if (file === undefined || purpose !== "batch") {
      json(res, 400, { error: { message: "expected a file with purpose batch" } });
      return;
    }
    const id = `file-${this.files.size + 1}`;
    this.files.set(id, file);
    json(res, 200, { id, object: "file", bytes: file.length, purpose, filename: "batch.jsonl" });
  }

  private async finish(b: FakeBatch): Promise<void> {
    const end = this.behavior.end ?? "completed";
    if (end === "failed") {
      b.status = "failed";
      return;
    }
    const lines = (this.files.get(b.inputFileId) ?? "").split("\n").filter((l) => l.trim());
    const ran = end === "expired" ? (this.behavior.ranBeforeExpiry ?? 1) : lines.length;
    const out: string[] = [];
    const err: string[] = [];
    for (const [i, text] of lines.entries()) {
      const line = JSON.parse(text) as { custom_id: string; body: Record<string, unknown> };
      if (i >= ran) {
        const error = {
          code: "batch_expired",
          message: "This request could not be executed before the completion window expired.",
        };
        err.push(
          JSON.stringify({ id: `req_${i}`, custom_id: line.custom_id, response: null, error }),
        );
        continue;
      }
      const a = await this.answer(line.body);
      const entry = {
        id: `req_${i}`,
        custom_id: line.custom_id,
        response: { status_code: a.status, body: a.body },
        error: null,
      };
      (a.status === 200 ? out : err).push(JSON.stringify(entry));
    }
    b.counts = { total: lines.length, completed: out.length, failed: err.length };
    b.status = end;
    if (out.length) b.outputFileId = this.addFile(out);
    if (err.length) b.errorFileId = this.addFile(err);
  }

  private addFile(lines: string[]): string {
    const id = `file-${this.files.size + 1}`;
    this.files.set(id, `${lines.join("\n")}\n`);
    return id;
  }
}

function batchJson(b: FakeBatch): Record<string, unknown> {
  return {
    id: b.id,
    object: "batch",
    endpoint: "/v1/chat/completions",
    input_file_id: b.inputFileId,
    completion_window: "24h",
    status: b.status,
    output_file_id: b.outputFileId ?? null,
    error_file_id: b.errorFileId ?? null,
    created_at: 0,
    request_counts: b.counts,
    ...(b.status === "failed"
      ? {
          errors: {
            object: "list",
            data: [{ code: "invalid_request", message: "the fake batch failed validation" }],
          },
        }
      : {}),
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}
