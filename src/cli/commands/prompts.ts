import { listPrompts, promptLog } from "../../commands/prompts.js";
import { colors, type Io } from "../io.js";
import { table } from "../table.js";

export async function promptsCommand(flags: { json?: boolean }, io: Io): Promise<number> {
  const rows = await listPrompts(io.cwd);
  if (flags.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const c = colors(io);
  io.stdout(
    table(
      ["name", "version", "file", "model", "last change"],
      rows.map((r) => [
        r.name,
        r.version,
        r.file,
        r.model,
        r.lastCommit
          ? `${r.lastCommit.commit.slice(0, 7)} ${r.lastCommit.date.slice(0, 10)} ${r.lastCommit.subject}`
          : c.dim("not committed"),
      ]),
      io,
    ),
  );
  return 0;
}

export async function promptsLogCommand(
  flags: { name: string; json?: boolean },
  io: Io,
): Promise<number> {
  const { prompt, entries } = await promptLog(io.cwd, flags.name);
  if (flags.json) {
    io.stdout(`${JSON.stringify({ name: prompt.name, file: prompt.file, entries }, null, 2)}\n`);
    return 0;
  }
  const c = colors(io);
  io.stdout(`${c.bold(prompt.name)} ${c.dim(prompt.file)} (current version ${prompt.version})\n`);
  if (entries.length === 0) io.stdout(c.dim("no commits yet\n"));
  for (const e of entries) {
    const version = e.version ?? c.red("invalid");
    const note = e.sameVersion ? c.dim(" (formatting only, same version)") : "";
    io.stdout(
      `${c.yellow(e.commit.slice(0, 7))} ${e.date.slice(0, 10)} ${version.padEnd(8)} ${e.author}: ${e.subject}${note}\n`,
    );
  }
  return 0;
}
