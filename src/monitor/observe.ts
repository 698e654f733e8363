import type { ScorerConfig } from "../config/schema/scorers.js";
import type { Case } from "../dataset/types.js";
import { applyScorer } from "../scorer/apply.js";
import { isRefusal } from "../scorer/deterministic/refusal.js";
import type { JudgeCaller, ScoreContext, ScorerRegistry } from "../scorer/types.js";
import type { Suite } from "../suite/types.js";
import type { MonitorRecord } from "./types.js";

/** One scorer's verdict on one record. */
export interface RecordScore {
  name: string;
  value: number;
  pass: boolean;
  reason: string;
  error: boolean;
}

/** What the monitor learns from one record, before it is counted. */
export interface Observation {
  record: MonitorRecord;
  refusal: boolean;
  truncated: boolean;
  scores: RecordScore[];
  /** Retrieved chunks whose access labels the user does not hold; undefined without a check. */
  accessViolations: number | undefined;
  /** recall@k and reciprocal rank of the gold documents; undefined without gold ids. */
  retrieval: { recall: number; rr: number } | undefined;
}

/** The case a scorer sees for a record: input, question, context and metadata as variables. */
export function recordCase(r: MonitorRecord): Case {
  return {
    id: r.id,
    vars: {
      input: r.input,
      question: r.input,
      ...(r.context ? { context: r.context.map((c) => c.text).join("\n\n") } : {}),
      model: r.model,
      ...(r.user !== undefined ? { user: r.user } : {}),
      ...(r.feature !== undefined ? { feature: r.feature } : {}),
      ...(r.group !== undefined ? { group: r.group } : {}),
    },
    scorers: [],
    file: r.file,
    line: r.line,
    digest: r.id,
  };
}

/** A ScoreContext for a logged call: the record's system messages stand in for the prompt. */
export function recordContext(r: MonitorRecord, judge?: JudgeCaller): ScoreContext {
  const suite = {
    name: "monitor",
    prompt: { messages: r.system.map((content) => ({ role: "system", content })) },
  } as unknown as Suite;
  return {
    output: r.output,
    case: recordCase(r),
    suite,
    completion: {
      content: r.output,
      finishReason: r.finishReason,
      usage:
        r.inputTokens !== undefined && r.outputTokens !== undefined
          ? { promptTokens: r.inputTokens, completionTokens: r.outputTokens }
          : undefined,
      latencyMs: r.latencyMs ?? 0,
      ttftMs: r.ttftMs,
    },
    cost: r.cost,
    ...(judge ? { judge } : {}),
  };
}

/** Score one record with the every-record scorers and the built-in checks. */
export async function observe(
  r: MonitorRecord,
  scorers: readonly ScorerConfig[],
  registry: ScorerRegistry,
): Promise<Observation> {
  const scores: RecordScore[] = [];
  if (!r.error && scorers.length > 0) {
    const ctx = recordContext(r);
    for (const config of scorers) {
      const s = await applyScorer(registry, config, ctx);
      scores.push({ name: s.name, value: s.value, pass: s.pass, reason: s.reason, error: false });
    }
  }
  return {
    record: r,
    refusal: !r.error && isRefusal(r.output) !== undefined,
    truncated: !r.error && r.finishReason === "length",
    scores,
    accessViolations: accessViolations(r),
    retrieval: retrieval(r),
  };
}

/** Chunks with access labels none of which the user holds. */
export function accessViolations(
  r: Pick<MonitorRecord, "context" | "permissions">,
): number | undefined {
  if (!r.context || !r.permissions) return undefined;
  const allowed = new Set(r.permissions);
  return r.context.filter(
    (c) => c.labels && c.labels.length > 0 && !c.labels.some((l) => allowed.has(l)),
  ).length;
}

/** recall@k (k = chunks retrieved) and the reciprocal rank of the first gold document. */
export function retrieval(
  r: Pick<MonitorRecord, "context" | "goldDocs">,
): Observation["retrieval"] {
  if (!r.goldDocs || r.goldDocs.length === 0 || !r.context) return undefined;
  const gold = new Set(r.goldDocs);
  const ids = r.context.map((c) => c.id);
  const found = new Set(ids.filter((id): id is string => id !== undefined && gold.has(id)));
  const first = ids.findIndex((id) => id !== undefined && gold.has(id));
  return { recall: found.size / gold.size, rr: first < 0 ? 0 : 1 / (first + 1) };
}
