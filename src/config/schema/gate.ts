import { z } from "zod";

/** Settings of the regression gate, per suite or as defaults in llmops.yaml. */
export const gateSchema = z
  .strictObject({
    margin: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "Tolerated drop in mean score (0..1) before a significant drop fails (default 0.03).",
      ),
    alpha: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe("Significance level, Holm-corrected across the gated metrics (default 0.05)."),
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
      .describe("Fail when the error rate rises by more than this (absolute; default 0.02)."),
    maxLatencyIncrease: z
      .number()
      .min(0)
      .optional()
      .describe("Fail when p95 latency rises by more than this fraction (0.5 = 50%)."),
  })
  .describe("Regression gate settings.");

export type GateConfig = z.infer<typeof gateSchema>;
