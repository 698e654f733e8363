// Records the which-model example (evals/which-model.eval.yml, two priced models) from the sample
// responses through the local stand-in server, then writes its baseline from a replay. Run after
// `npm run build`: `node scripts/record-which-model.mjs`.
import { llmops, recordSamples } from "./record-samples.mjs";

const SUITE = "evals/which-model.eval.yml";
await recordSamples({ args: [SUITE] });
await llmops(["eval", SUITE, "--replay", "--update-baseline", "--quiet"]);
console.error("recorded fixtures/which-model/ and wrote evals/baselines/which-model.json");
