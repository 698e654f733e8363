import { renderTarget } from "../../commands/render.js";
import { colors, type Io, safeStdout } from "../io.js";

export interface RenderFlags {
  prompt: string;
  var: string[];
  varsFile?: string;
  case?: string;
  model?: string;
  json?: boolean;
}

export async function renderCommand(flags: RenderFlags, io: Io): Promise<number> {
  const r = await renderTarget({
    cwd: io.cwd,
    prompt: flags.prompt,
    vars: flags.var,
    varsFile: flags.varsFile,
    caseRef: flags.case,
    model: flags.model,
  });
  if (flags.json) {
    io.stdout(`${JSON.stringify(r.body, null, 2)}\n`);
    return 0;
  }
  const c = colors(io);
  // Variables may hold anything a dataset holds (production records exported by monitor).
  const out = safeStdout(io);
  out(`${c.dim(`# ${r.prompt.name} @ ${r.prompt.version} -> ${r.request.model}`)}\n`);
  for (const m of r.request.messages) out(`\n${c.bold(`[${m.role}]`)}\n${m.content}\n`);
  return 0;
}
