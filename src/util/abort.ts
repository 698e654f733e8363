/** A signal linked to others, with a deadline, that can be unhooked once its work is done. */
export interface LinkedSignal {
  signal: AbortSignal;
  /** Whether the deadline (not a source) ended it. */
  timedOut(): boolean;
  abort(reason?: unknown): void;
  /** Unhook from the sources and clear the deadline: call when the work is done. */
  dispose(): void;
}

/**
 * A signal that aborts when any source does or after `timeoutMs`. AbortSignal.any and
 * AbortSignal.timeout do the same, but on Node 20 a long-lived source keeps a reference to every
 * signal made from it, and a timeout signal someone listens to lives until it fires: at 100,000
 * calls that was most of a run's heap (docs/benchmarks.md). This one lets go on dispose().
 */
export function linkedSignal(
  sources: readonly (AbortSignal | undefined)[],
  timeoutMs?: number,
): LinkedSignal {
  const controller = new AbortController();
  const unhook: (() => void)[] = [];
  let timedOut = false;
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = () => controller.abort(source.reason);
    source.addEventListener("abort", onAbort, { once: true });
    unhook.push(() => source.removeEventListener("abort", onAbort));
  }
  const timer =
    timeoutMs === undefined || controller.signal.aborted
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
        }, timeoutMs).unref();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    abort: (reason) => controller.abort(reason),
    dispose() {
      clearTimeout(timer);
      for (const f of unhook) f();
      unhook.length = 0;
    },
  };
}
