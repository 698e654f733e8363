import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, YAMLMap } from "yaml";
import { type ExportedLabel, labelsFileSchema } from "../config/schema/labels.js";
import { humanLabelSchema } from "../config/schema/suite.js";
import type { Case } from "../dataset/types.js";
import { ConfigError, UsageError } from "../errors.js";
import { loadProject } from "../suite/load-project.js";
import { writeFileAtomic } from "../util/fs.js";

export interface LabelOutcome {
  label: ExportedLabel;
  /** Where it was written (project-relative file:line), or why it was refused. */
  applied: string | null;
  refused: string | null;
}

/**
 * Write the labels a reviewer exported from `llmops view` into the dataset files as `human:`
 * labels, through the YAML document API so comments and formatting stay. A label whose case
 * changed since the page was made (its digest differs) is refused, as is one for a case that is
 * gone or written in a format that keeps no comments (JSONL, CSV).
 */
export async function applyLabels(cwd: string, labelsPath: string): Promise<LabelOutcome[]> {
  const file = resolve(cwd, labelsPath);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new UsageError(
      `cannot read ${labelsPath}: ${(err as Error).message}`,
      "give the labels.json that the view page's Export labels button saved",
    );
  }
  const parsed = labelsFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(
      `${labelsPath} is not an llmops labels file: ${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") || "top level"}`,
      "give the labels.json that the view page's Export labels button saved",
    );
  const { project, problems } = await loadProject({ cwd });
  if (!project) throw new ConfigError(problems);
  const root = project.config.root;
  const perScorer = humanLabelSchema.safeParse({ x: "pass" }).success;

  const outcomes: LabelOutcome[] = [];
  const byFile = new Map<string, { c: Case; outcome: LabelOutcome }[]>();
  for (const label of parsed.data.labels) {
    const outcome: LabelOutcome = { label, applied: null, refused: null };
    outcomes.push(outcome);
    const c = project.suites
      .find((s) => s.name === label.suite)
      ?.cases.find((x) => x.id === label.case);
    if (!c) outcome.refused = `no case ${label.case} in suite ${label.suite} any more`;
    else if (label.caseDigest !== null && label.caseDigest !== c.digest)
      outcome.refused = `case ${label.case} changed since the page was made (${c.file}:${c.line}); label it again`;
    else if (!/\.ya?ml$/i.test(c.file))
      outcome.refused = `case ${label.case} is in ${c.file}: labels are written into YAML files only; add human: by hand`;
    else if (label.scorer !== null && !perScorer)
      outcome.refused = `label for scorer ${label.scorer} of case ${label.case}: this llmops takes one human label per case; label the whole case`;
    else {
      const list = byFile.get(c.file) ?? [];
      list.push({ c, outcome });
      byFile.set(c.file, list);
    }
  }
  for (const [rel, items] of byFile) {
    const path = join(root, rel);
    const { text, missing } = labelYaml(
      await readFile(path, "utf8"),
      items.map(({ c, outcome }) => ({ ...outcome.label, case: c.id })),
    );
    for (const { c, outcome } of items)
      if (missing.includes(c.id)) outcome.refused = `case ${c.id} not found in ${rel}`;
      else outcome.applied = `${relative(root, path)}:${c.line}`;
    await writeFileAtomic(path, text);
  }
  return outcomes;
}

/**
 * Set `human:` on the cases of a YAML dataset or suite text, keeping everything else as written:
 * a whole-case label as a scalar (`human: fail`), a scorer's label in a per-scorer map
 * (`human: { judge: pass }`); the note becomes the label's comment. Returns the new text and the
 * ids not found.
 */
export function labelYaml(
  source: string,
  labels: Pick<ExportedLabel, "case" | "scorer" | "label" | "note">[],
): { text: string; missing: string[] } {
  const doc = parseDocument(source, { keepSourceTokens: true });
  const nodes = caseNodes(doc.contents);
  const missing: string[] = [];
  for (const label of labels) {
    const node = nodes.get(label.case);
    if (!node) {
      missing.push(label.case);
      continue;
    }
    let value: unknown;
    if (label.scorer === null) {
      value = doc.createNode(label.label);
      node.set("human", value);
    } else {
      const had: unknown = node.get("human", true);
      const map = isMap(had) ? (had as YAMLMap<string, unknown>) : new YAMLMap<string, unknown>();
      value = doc.createNode(label.label);
      map.set(label.scorer, value);
      node.set("human", map);
    }
    if (label.note && (isScalar(value) || isMap(value)))
      value.comment = ` ${label.note.replace(/[\r\n]+/g, " ")}`;
  }
  return { text: doc.toString(), missing };
}

/** The case mappings of a YAML dataset or suite, by id (a top-level list or a `cases:` list). */
function caseNodes(contents: unknown): Map<string, YAMLMap> {
  const out = new Map<string, YAMLMap>();
  const seqs: unknown[] = [];
  if (isSeq(contents)) seqs.push(contents);
  if (isMap(contents)) seqs.push(contents.get("cases", true));
  for (const seq of seqs)
    if (isSeq(seq))
      for (const item of seq.items)
        if (isMap(item)) {
          const id = item.get("id");
          if (typeof id === "string" || typeof id === "number") out.set(String(id), item);
        }
  return out;
}
