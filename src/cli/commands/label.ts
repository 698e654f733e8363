import { applyLabels } from "../../commands/label.js";
import { ExitCode } from "../../errors.js";
import type { Io } from "../io.js";

export async function labelApplyCommand(labelsFile: string, io: Io): Promise<number> {
  const outcomes = await applyLabels(io.cwd, labelsFile);
  for (const o of outcomes) {
    const what = `${o.label.suite}/${o.label.case}${o.label.scorer ? ` (${o.label.scorer})` : ""}`;
    if (o.applied) io.stdout(`labelled ${what}: ${o.label.label} -> ${o.applied}\n`);
    else io.stderr(`error refused ${what}: ${o.refused}\n`);
  }
  const refused = outcomes.filter((o) => !o.applied).length;
  io.stdout(`${outcomes.length - refused} label(s) written, ${refused} refused\n`);
  return refused ? ExitCode.badInput : ExitCode.ok;
}
