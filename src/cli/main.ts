import { exitIfInterrupted, processIo } from "./io.js";
import { main } from "./program.js";

/** The process entry: the only place that sets the exit code. */
export async function start(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIo());
  exitIfInterrupted();
}

/** main() itself, for tests that run the built bundle in their own process. */
export { main };
