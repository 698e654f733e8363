import { scaffoldProject } from "../../commands/init/scaffold.js";
import { INSTALL_COMMAND } from "../../commands/init/templates.js";
import { colors, type Io } from "../io.js";

const NEXT = [
  "",
  "Next:",
  `  ${INSTALL_COMMAND}   # llmops is not on the npm registry; see its README, Install`,
  "  npx llmops validate",
  "  OPENAI_API_KEY=... npx llmops eval --record          # record responses into fixtures/",
  "  npx llmops eval --update-baseline                    # accept them as the baseline",
  "  git add llmops.yaml prompts evals fixtures .github   # CI replays fixtures/ and gates on the baseline",
  "",
].join("\n");

export async function initCommand(io: Io): Promise<number> {
  const { written, skipped, ignored } = await scaffoldProject(io.cwd);
  const c = colors(io);
  for (const f of written) io.stdout(`${c.green("created")} ${f}\n`);
  for (const f of skipped) io.stdout(`${c.yellow("skipped")} ${f} (exists; left unchanged)\n`);
  if (ignored.length > 0) io.stdout(`${c.green("ignored")} ${ignored.join(" ")} (.gitignore)\n`);
  if (written.length > 0) io.stdout(NEXT);
  return 0;
}
