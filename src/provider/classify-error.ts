import { retryAfterMs, retryAfterRefused } from "./call-limits.js";
import type { CallError, ErrorClass } from "./types.js";

interface ErrorLike {
  name?: string;
  message?: string;
  status?: number;
  code?: string | null;
  type?: string;
  error?: { code?: string | null; type?: string; message?: string };
  headers?: Headers;
}

/**
 * Map an SDK or network error to an error class and a short message for people. With the cap on
 * Retry-After, a refused wait says how long the endpoint asked for.
 */
export function classifyError(err: unknown, limits?: { maxRetryAfterMs: number }): CallError {
  const e = (err ?? {}) as ErrorLike;
  // SDK errors keep the name "Error"; their class tells them apart.
  const name = (err as object | undefined)?.constructor?.name ?? e.name ?? "";
  const status = typeof e.status === "number" ? e.status : undefined;
  const code = e.code ?? e.error?.code ?? undefined;
  let message = shortMessage(e.error?.message ?? e.message ?? String(err));
  const wait = status ? retryAfterMs(e.headers) : undefined;
  if (limits && wait !== undefined && wait > limits.maxRetryAfterMs)
    message = `${retryAfterRefused(wait, limits.maxRetryAfterMs)}: ${message}`;
  return {
    class: classOf(name, status, code ?? undefined, message),
    message,
    ...(status ? { status } : {}),
  };
}

function classOf(
  name: string,
  status: number | undefined,
  code: string | undefined,
  message: string,
): ErrorClass {
  if (name === "APIUserAbortError" || name === "AbortError") return "aborted";
  if (name === "APIConnectionTimeoutError" || name === "TimeoutError") return "timeout";
  // A body that claimed to be JSON and was not (cut short, or a gateway's page).
  if (name === "SyntaxError") return "bad_response";
  if (name === "APIConnectionError") return /timed? ?out/i.test(message) ? "timeout" : "network";
  if (status === 429) return "rate_limit";
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status !== undefined && status >= 500) return "server";
  if (
    code === "context_length_exceeded" ||
    /maximum context length|context length|too many tokens/i.test(message)
  ) {
    return "context_length_exceeded";
  }
  if (
    code === "content_filter" ||
    code === "content_policy_violation" ||
    /content (management )?policy|content filter/i.test(message)
  ) {
    return "content_filter";
  }
  if (code === "model_not_found" || (status === 404 && /\bmodel\b/i.test(message)))
    return "model_not_found";
  if (status !== undefined && status >= 400) return "bad_request";
  return "network";
}

function shortMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}
