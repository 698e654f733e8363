import { z } from "zod";

/** One line of a `monitor --export-cases` file: a flagged production record as a dataset row. */
export const exportedCaseRowSchema = z.object({
  id: z.string().min(1),
  description: z.string().default(""),
  vars: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()).default([]),
});

export type ExportedCaseRow = z.infer<typeof exportedCaseRowSchema>;
