import type { CallError } from "./types.js";

/** The overall deadline of one call, every attempt and wait included, when llmops.yaml sets none. */
export const DEFAULT_DEADLINE_MS = 120_000;
/** The longest Retry-After llmops waits out; a longer one is an error, not a sleep. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

/** A failure decided by llmops rather than the SDK, and whether the answer had begun. */
export class CallFailure extends Error {
  constructor(
    readonly error: CallError,
    readonly started: boolean,
  ) {
    super(error.message);
  }
}

/** How long an HTTP answer asks to wait before a retry (retry-after-ms, then Retry-After). */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (!Number.isNaN(ms)) return ms;
  const after = headers?.get("retry-after");
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

/** The message of a rate limit whose Retry-After is beyond the cap. */
export function retryAfterRefused(waitMs: number, capMs: number): string {
  return `the endpoint asked to wait ${seconds(waitMs)} s before retrying, longer than the ${seconds(capMs)} s llmops waits (maxRetryAfterMs in llmops.yaml)`;
}

/** The message of a call that outlived its deadline. */
export function deadlineMessage(deadlineMs: number): string {
  return `no complete answer within the call's deadline of ${seconds(deadlineMs)} s (deadlineMs in llmops.yaml)`;
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * Settle with `p`, or reject as soon as `signal` aborts: the SDK's wait for a Retry-After cannot
 * be cancelled, and an interrupted or overdue call must not wait for it.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Wait `ms`, or less when `signal` aborts (then resolve false). */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    if (signal.aborted) return done(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** What a 200 answer that is not an answer looked like: its content type and a short excerpt. */
export function badResponse(contentType: string | null, body: string): CallError {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
  const excerpt = (title ?? body).replace(/\s+/g, " ").trim().slice(0, 80);
  return {
    class: "bad_response",
    message: `the endpoint answered HTTP 200 with ${contentType ?? "no content type"}, not a chat completion${excerpt ? `: "${excerpt}"` : ""}; check baseURL`,
  };
}
