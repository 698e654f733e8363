import type { Case } from "../dataset/types.js";
import type { ResponseFormat } from "../prompt/types.js";
import type { Completion } from "../provider/types.js";
import type { JudgeCaller, ScoreContext } from "../scorer/types.js";
import type { Suite } from "../suite/types.js";

/** What a scorer test may set of a trial; everything else is a neutral default. */
export interface ScoreSetup {
  case?: Partial<Case>;
  completion?: Partial<Completion>;
  cost?: number | undefined;
  responseFormat?: ResponseFormat | undefined;
  judge?: JudgeCaller | undefined;
}

/** A ScoreContext for scorer tests: one case, one output, measurements as given. */
export function scoreContext(output: string, s: ScoreSetup = {}): ScoreContext {
  return {
    output,
    case: {
      id: "c1",
      vars: {},
      scorers: [],
      file: "suite.eval.yml",
      line: 1,
      digest: "d",
      ...s.case,
    },
    suite: { prompt: { responseFormat: s.responseFormat } } as unknown as Suite,
    completion: {
      content: output,
      finishReason: "stop",
      usage: undefined,
      latencyMs: 1,
      ttftMs: undefined,
      ...s.completion,
    },
    cost: s.cost,
    ...(s.judge ? { judge: s.judge } : {}),
  };
}
