import { z } from "zod";

/** One human label exported by `llmops view` (labels.json). */
export const exportedLabelSchema = z.object({
  suite: z.string(),
  model: z.string(),
  case: z.string(),
  /** The scorer the label is for; null for the whole case. */
  scorer: z.string().nullable(),
  /** Digest of the case's inputs when the page was made: a changed case refuses the label. */
  caseDigest: z.string().nullable(),
  label: z.union([z.enum(["pass", "fail"]), z.number().min(0).max(1)]),
  note: z.string().default(""),
});

/** labels.json, written by the view page's "Export labels" and read by `llmops label apply`. */
export const labelsFileSchema = z.object({
  kind: z.literal("llmops-labels"),
  version: z.literal(1),
  runId: z.string(),
  labels: z.array(exportedLabelSchema),
});

export type ExportedLabel = z.infer<typeof exportedLabelSchema>;
export type LabelsFile = z.infer<typeof labelsFileSchema>;
