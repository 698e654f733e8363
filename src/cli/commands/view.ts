import { spawn } from "node:child_process";
import { relative } from "node:path";
import { writeViewPage } from "../../commands/view.js";
import type { Io } from "../io.js";

export interface ViewFlags {
  runDir?: string;
  out?: string;
  open?: boolean;
}

export async function viewCommand(flags: ViewFlags, io: Io): Promise<number> {
  const { file, bytes, cases, kind } = await writeViewPage(io.cwd, flags);
  const what = kind === "monitor" ? `${cases} time buckets` : `${cases} cases`;
  io.stdout(
    `wrote ${relative(io.cwd, file) || file} (${what}, ${(bytes / 1024).toFixed(0)} KiB)\n`,
  );
  if (flags.open) {
    const opener =
      process.platform === "darwin"
        ? "open"
        : process.platform === "win32"
          ? "explorer"
          : "xdg-open";
    const child = spawn(opener, [file], { detached: true, stdio: "ignore" });
    child.on("error", () => io.stderr(`could not start ${opener}; open ${file} in a browser\n`));
    child.unref();
  }
  return 0;
}
