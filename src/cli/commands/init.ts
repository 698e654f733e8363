import { scaffoldProject } from "../../init/scaffold.js";
import { colors, type Io } from "../io.js";

export async function initCommand(io: Io): Promise<number> {
  const { written, skipped } = await scaffoldProject(io.cwd);
  const c = colors(io);
  for (const f of written) io.stdout(`${c.green("created")} ${f}\n`);
  for (const f of skipped) io.stdout(`${c.yellow("skipped")} ${f} (exists; left unchanged)\n`);
  if (written.length > 0)
    io.stdout(`\nNext: npm install --save-dev llmops && npx llmops validate\n`);
  return 0;
}
