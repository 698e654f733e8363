import type { ChalkInstance } from "chalk";
import { fmtUsd } from "../report/terminal.js";
import type { RunEvent } from "../run/events.js";
import { terminalSafe } from "../util/terminal-text.js";
import type { Io } from "./io.js";

/**
 * Renders run events for people on stderr: a one-line progress bar on a terminal, a few plain
 * lines elsewhere (CI logs), nothing when quiet.
 */
export function progressRenderer(
  io: Io,
  c: ChalkInstance,
  quiet: boolean,
): { onEvent: (e: RunEvent) => void; end: () => void } {
  let total = 0;
  let done = 0;
  let failed = 0;
  let failedAttempts = 0;
  let drawn = false;
  let lastDraw = 0;
  const live = io.isTTY && !quiet && !io.env.CI;
  const draw = (force = false) => {
    const now = Date.now();
    if (!live || (!force && now - lastDraw < 80)) return;
    lastDraw = now;
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : 0;
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const extra = [
      failed ? c.red(`${failed} failed`) : "",
      failedAttempts ? c.yellow(`${failedAttempts} retried`) : "",
    ]
      .filter(Boolean)
      .join(" ");
    io.stderr(`\r${bar} ${done}/${total} ${extra}\u001b[K`);
    drawn = true;
  };
  const say = (line: string, always = false) => {
    if (quiet && !always) return;
    if (drawn) io.stderr("\r\u001b[K");
    io.stderr(`${terminalSafe(line, c.level > 0)}\n`);
    draw(true);
  };
  return {
    onEvent(e) {
      switch (e.type) {
        case "run-started":
          total = e.total;
          done = e.skipped;
          say(
            c.dim(
              `running ${e.total - e.skipped} trial${e.total - e.skipped === 1 ? "" : "s"}${e.skipped ? ` (${e.skipped} already done)` : ""} -> ${e.runDir}`,
            ),
          );
          break;
        case "trial-finished":
          done = e.done;
          if (!e.result.pass) failed++;
          draw();
          break;
        case "attempt_failed":
          failedAttempts++;
          draw();
          break;
        case "batch":
          say(c.dim(e.message));
          break;
        case "cache_unwritable":
          // A warning, as the project's are: printed with --quiet and --json too.
          say(`${c.yellow("warning")} ${e.message}`, true);
          break;
        case "stopping":
          say(c.yellow(`${e.message}${e.reason === "budget" ? "" : ""}`));
          break;
      }
    },
    end() {
      if (drawn) io.stderr("\r\u001b[K");
      if (!live && !quiet && total > 0)
        io.stderr(
          c.dim(
            `finished ${done}/${total} trials${failedAttempts ? `, ${failedAttempts} failed HTTP attempts retried` : ""}\n`,
          ),
        );
    },
  };
}

export { fmtUsd };
