/**
 * The review queue: the cases of a run most worth a human look, ranked, each with the reasons it
 * is there. Judge/human disagreements first, then guardrail hits, production records flagged by
 * `monitor --export-cases`, errors, and judge scores close to their pass threshold.
 */

import { humanLabelFor } from "../compare/judge-agreement.js";
import { exportedCaseRowSchema } from "../config/schema/case-row.js";
import type { HumanLabel } from "../config/schema/suite.js";
import { UsageError } from "../errors.js";
import { caseKey, type ViewCase } from "./data.js";

export type QueueReasonKind = "disagreement" | "guardrail" | "monitor" | "error" | "low-confidence";

export interface QueueReason {
  kind: QueueReasonKind;
  /** One line for people: which scorer, what it said, what the human said. */
  detail: string;
}

export interface QueueItem {
  /** The ViewCase key (suite/model/id). */
  key: string;
  suite: string;
  model: string;
  case: string;
  /** 1-based rank in the queue. */
  rank: number;
  /** Higher first: the sum of the reasons' weights. */
  priority: number;
  reasons: QueueReason[];
}

/** How much each kind of reason weighs in the ranking. */
const WEIGHT: Record<QueueReasonKind, number> = {
  disagreement: 8,
  guardrail: 4,
  monitor: 3,
  error: 2,
  "low-confidence": 1,
};

export interface QueueOptions {
  /** suite -> case id -> the case's `human:` label. */
  human: ReadonlyMap<string, ReadonlyMap<string, HumanLabel>>;
  isJudge: (type: string) => boolean;
  isGuard: (type: string) => boolean;
  /** A judge value within this distance of its threshold is low confidence (default 0.15). */
  margin?: number;
  /** Keys of cases that came from `monitor --export-cases` files, with the reasons they were flagged. */
  flagged?: ReadonlyMap<string, string>;
}

/** Rank the cases worth a human look (pure). Cases with no reason are left out. */
export function buildQueue(cases: readonly ViewCase[], o: QueueOptions): QueueItem[] {
  const margin = o.margin ?? 0.15;
  const items: Omit<QueueItem, "rank">[] = [];
  for (const c of cases) {
    const reasons: QueueReason[] = [];
    let closeness = 0;
    const seen = new Set<string>();
    const add = (r: QueueReason) => {
      const k = `${r.kind}\u0000${r.detail}`;
      if (!seen.has(k)) {
        seen.add(k);
        reasons.push(r);
      }
    };
    const flagged = o.flagged?.get(c.key);
    if (flagged !== undefined)
      add({ kind: "monitor", detail: `flagged in production: ${flagged}` });
    const label = o.human.get(c.suite)?.get(c.id);
    for (const t of c.trials) {
      const trial = c.trials.length > 1 ? ` (trial ${t.trial + 1})` : "";
      if (t.error) add({ kind: "error", detail: `${t.error}${trial}` });
      for (const s of t.scores) {
        if (s.error && !t.error) add({ kind: "error", detail: `${s.name}: ${s.error}${trial}` });
        if (o.isGuard(s.type) && !s.pass)
          add({ kind: "guardrail", detail: `${s.name}: ${s.reason}${trial}` });
        if (!o.isJudge(s.type) || s.error) continue;
        const human = humanLabelFor(label, s.name);
        if (human !== undefined) {
          const humanPass = typeof human === "number" ? human >= s.threshold : human === "pass";
          if (humanPass !== s.pass)
            add({
              kind: "disagreement",
              detail: `${s.name}: judge ${s.pass ? "passed" : "failed"} (${s.value.toFixed(2)}), human ${typeof human === "number" ? human : human === "pass" ? "passed" : "failed"}${trial}`,
            });
        }
        const distance = Math.abs(s.value - s.threshold);
        if (distance <= margin) {
          closeness = Math.max(closeness, 1 - distance / (margin || 1));
          add({
            kind: "low-confidence",
            detail: `${s.name}: ${s.value.toFixed(2)} against threshold ${s.threshold}${trial}`,
          });
        }
      }
    }
    if (!reasons.length) continue;
    const kinds = new Set(reasons.map((r) => r.kind));
    // Each kind counts once; within low confidence, the nearer the threshold the higher.
    const priority =
      [...kinds].reduce((sum, k) => sum + WEIGHT[k], 0) -
      (kinds.has("low-confidence") ? 1 - closeness : 0);
    reasons.sort((a, b) => WEIGHT[b.kind] - WEIGHT[a.kind]);
    items.push({ key: c.key, suite: c.suite, model: c.model, case: c.id, priority, reasons });
  }
  items.sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return items.map((x, i) => ({ ...x, rank: i + 1 }));
}

/** Where the records of `monitor --export-cases` files sit in the page. */
export const MONITOR_SUITE = "monitor";

/**
 * The records of a `monitor --export-cases` file (JSONL) as page cases, each with why it was
 * flagged; the output the user saw stays in `vars.output_seen`. A bad line is one clear error.
 */
export function casesFromExport(
  text: string,
  file: string,
): { cases: ViewCase[]; flagged: Map<string, string> } {
  const cases: ViewCase[] = [];
  const flagged = new Map<string, string>();
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new UsageError(
        `${file}:${i + 1}:1: not JSON: ${(err as Error).message}`,
        "give the JSONL file that `llmops monitor --export-cases` wrote",
      );
    }
    const row = exportedCaseRowSchema.safeParse(raw);
    if (!row.success) {
      const issue = row.error.issues[0];
      throw new UsageError(
        `${file}:${i + 1}:1: not a monitor export row: ${issue?.message ?? "invalid"} at ${issue?.path.join(".") || "top level"}`,
        "give the JSONL file that `llmops monitor --export-cases` wrote",
      );
    }
    const { id, description, vars } = row.data;
    const model = row.data.tags.find((t) => t.startsWith("model:"))?.slice(6) ?? "unknown";
    const key = caseKey(MONITOR_SUITE, model, id);
    if (flagged.has(key)) return;
    cases.push({
      key,
      suite: MONITOR_SUITE,
      model,
      id,
      vars,
      expected: null,
      caseDigest: null,
      baselineOutput: null,
      // The output the user saw is in vars.output_seen; nothing was run.
      trials: [],
    });
    flagged.set(key, description || row.data.tags.join(", "));
  });
  return { cases, flagged };
}
