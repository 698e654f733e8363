import { z } from "zod";

/** The gate's settings where neither the suite nor llmops.yaml sets them. */
export const GATE_DEFAULTS = {
  margin: 0.03,
  alpha: 0.05,
  maxErrorIncrease: 0.02,
  minGroupSize: 10,
} as const;

/**
 * The fairness keys, shared by the eval gate and *.monitor.yml alerts: one meaning, one
 * definition, each file's own defaults and unit in the description.
 */
export function fairnessKeys(o: { gap: string; unit: string; minGroupSize: number }) {
  return {
    maxGroupGap: z.number().min(0).max(1).optional().describe(o.gap),
    minGroupSize: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        `Groups with fewer ${o.unit} are shown but not tested (default ${o.minGroupSize}).`,
      ),
  };
}

/** Settings of the regression gate, per suite or as defaults in llmops.yaml. */
export const gateSchema = z
  .strictObject({
    margin: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        `Tolerated drop in mean score (0..1) before a significant drop fails (default ${GATE_DEFAULTS.margin}).`,
      ),
    alpha: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe(
        `Significance level of each suite's test, Holm-corrected across the suites and models of a run (default ${GATE_DEFAULTS.alpha}).`,
      ),
    minPassRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Fail when the pass rate is below this, whatever the baseline."),
    maxCostIncrease: z
      .number()
      .min(0)
      .optional()
      .describe("Fail when cost per case rises by more than this fraction (0.2 = 20%)."),
    maxErrorIncrease: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        `Fail when the error rate rises by more than this (absolute; default ${GATE_DEFAULTS.maxErrorIncrease}).`,
      ),
    maxLatencyIncrease: z
      .number()
      .min(0)
      .optional()
      .describe("Fail when p95 latency rises by more than this fraction (0.5 = 50%)."),
    sequential: z
      .strictObject({
        maxTrials: z
          .number()
          .int()
          .min(1)
          .max(20)
          .describe(
            "At most this many trials per case: one round of one trial per case, then one more round for every case while the suite is inconclusive (docs/gate.md, Sequential trials).",
          ),
      })
      .optional()
      .describe("Sequential trials: pay for more trials only while the gate is undecided."),
    ...fairnessKeys({
      gap: "Fairness: fail when the failure rates of the suite's groups (see groupBy) differ by more than this and the gap is significant (absolute; the same key as in *.monitor.yml).",
      unit: "scored trials",
      minGroupSize: GATE_DEFAULTS.minGroupSize,
    }),
  })
  .describe("Regression gate settings.");

export type GateConfig = z.infer<typeof gateSchema>;
