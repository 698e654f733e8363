import type { Alert } from "./alerts.js";
import type { SliceSummary } from "./metrics.js";
import type { MonitorReport } from "./report.js";
import type { SeriesRow } from "./series.js";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;
const ms = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${Math.round(x)}ms`;
const usd = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `&#36;${x < 0.01 ? x.toPrecision(2) : x.toFixed(2)}`;
const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "&#124;");
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;

/** The incident brief: what changed, since when, in which slice, how sure, examples, how to rerun. */
export function renderMonitorMarkdown(r: MonitorReport): string {
  const out: string[] = [];
  const head =
    r.verdict === "alert"
      ? `🚨 ${r.alerts.length} alert${r.alerts.length === 1 ? "" : "s"}`
      : r.verdict === "inconclusive"
        ? "⚠️ no alert, some changes inconclusive"
        : "✅ no alert";
  out.push(`<!-- llmops-monitor -->`, `## llmops monitor: ${esc(r.name)} — ${head}`, "");
  out.push(windowLine(r), "");
  if (r.alerts.length) {
    out.push("### What changed", "");
    for (const a of r.alerts) out.push(alertLine(a));
    out.push("");
    for (const a of r.alerts.filter((x) => x.examples.length)) out.push(examplesBlock(a));
  }
  out.push("### Traffic", "", ...trafficTable(r.analysis.current), "");
  const quality = qualityTable(r.analysis.current);
  if (quality.length) out.push("### Quality", "", ...quality, "");
  if (r.judges)
    out.push(
      `Judges ran on ${r.judges.judged} of ${r.judges.planned} sampled records (seeded, stratified by group)${r.judges.stoppedByBudget ? ", stopped by --max-cost" : ""}; live judge calls cost ${usd(r.judges.spent)}.`,
      "",
    );
  const drift = r.analysis.drift;
  if (drift.length) {
    const shown = drift.filter((d) => d.decision !== "pass");
    out.push("### Drift (current vs reference)", "");
    out.push(
      `${drift.length} tests, Holm-corrected together with the fairness tests at α = ${r.analysis.settings.alpha}; ${drift.length - shown.length} passed.`,
      "",
    );
    if (shown.length) {
      out.push(
        row(["slice", "metric", "reference → current", "change (bound)", "p (Holm)", "verdict"]),
        "|---|---|---|---|---|---|",
      );
      for (const d of shown) {
        const fmt =
          d.kind === "rate" ? pct : d.kind === "quantile" ? ms : (x: number) => x.toPrecision(3);
        const change =
          d.kind === "rate"
            ? `${(d.change * 100).toFixed(1)} pts (≤ ${(d.upper * 100).toFixed(1)})`
            : `${(d.change * 100).toFixed(1)}%`;
        out.push(
          row([
            esc(d.slice),
            esc(d.metric),
            `${fmt(d.reference)} → ${fmt(d.current)}`,
            change,
            d.pAdjusted.toPrecision(2),
            d.decision.toUpperCase(),
          ]),
        );
      }
      out.push("");
    }
  }
  if (r.analysis.fairness.length) {
    out.push(
      "### Fairness across groups",
      "",
      row(["metric", "groups (rate [95% CI], n)", "gap", "p (Holm)", "flag"]),
      "|---|---|---|---|---|",
    );
    for (const f of r.analysis.fairness)
      out.push(
        row([
          esc(f.metric),
          f.groups
            .map((g) => `${esc(g.group)} ${pct(g.rate)} [${pct(g.low)}, ${pct(g.high)}], ${g.n}`)
            .join("<br>"),
          `${(f.gap * 100).toFixed(1)} pts`,
          f.pAdjusted.toPrecision(2),
          f.flagged ? "🚩" : "",
        ]),
      );
    out.push("");
  }
  // The reference window's buckets are in monitor.json and `--series`; the brief shows the current.
  out.push("### Series", "", ...seriesTable(r.series.filter((x) => x.window === "current")), "");
  if (r.skipped.unreadable || r.skipped.outside)
    out.push(
      `Skipped: ${r.skipped.unreadable} unreadable line(s), ${r.skipped.outside} record(s) outside the windows.`,
      "",
    );
  out.push("### Reproduce", "", "```sh", r.reproduce, "```", "");
  return out.join("\n");
}

function windowLine(r: MonitorReport): string {
  const w = (x: { records: number; from: string | undefined; to: string | undefined }) =>
    `${x.records} records${x.from ? ` (${x.from} … ${x.to})` : ""}`;
  return r.windows.reference
    ? `Current window: ${w(r.windows.current)}. Reference: ${w(r.windows.reference)}.`
    : `Window: ${w(r.windows.current)}. No reference window: drift not tested.`;
}

function alertLine(a: Alert): string {
  return `- **${esc(a.slice)}** · ${a.kind}: ${esc(a.message)}${a.since ? ` — since ${a.since}` : ""}`;
}

function examplesBlock(a: Alert): string {
  const items = a.examples.map(
    (e) =>
      `<code>${esc(e.where)}</code> · ${esc(e.model)}${e.feature ? ` · ${esc(e.feature)}` : ""}${e.group ? ` · ${esc(e.group)}` : ""} · ${esc(e.reason)}\n\n<pre>${esc(e.input)}</pre>\n<pre>${esc(e.output)}</pre>`,
  );
  return `<details><summary>Examples: ${esc(a.slice)} · ${esc(a.metric)}</summary>\n\n${items.join("\n\n")}\n\n</details>\n`;
}

function trafficTable(slices: SliceSummary[]): string[] {
  const out = [
    row([
      "slice",
      "records",
      "errors",
      "refusals",
      "truncated",
      "latency p50/p95/p99",
      "TTFT p50/p95",
      "tokens in/out (mean)",
      "cost",
      "cost / request",
    ]),
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const s of slices)
    out.push(
      row([
        esc(s.slice),
        s.records,
        `${pct(s.errorRate.rate)}${
          Object.keys(s.errorsByClass).length
            ? ` (${Object.entries(s.errorsByClass)
                .map(([k, v]) => `${k} ${v}`)
                .join(", ")})`
            : ""
        }`,
        pct(s.refusalRate.rate),
        pct(s.truncationRate.rate),
        `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p95)} / ${ms(s.latencyMs.p99)}`,
        `${ms(s.ttftMs.p50)} / ${ms(s.ttftMs.p95)}`,
        `${Math.round(s.inputTokens.mean ?? 0)} / ${Math.round(s.outputTokens.mean ?? 0)}`,
        usd(s.cost.total),
        usd(s.cost.perRequest),
      ]),
    );
  return out;
}

function qualityTable(slices: SliceSummary[]): string[] {
  const names = [
    ...new Set(
      slices.flatMap((s) => [
        ...Object.keys(s.scorers),
        ...Object.keys(s.judges).map((j) => `judge:${j}`),
      ]),
    ),
  ].sort();
  const access = slices.some((s) => s.access.checked > 0);
  const retrieval = slices.some((s) => s.retrieval.n > 0);
  if (!names.length && !access && !retrieval) return [];
  const head = [
    "slice",
    ...names.map((n) => `${esc(n)} failed`),
    ...(access ? ["access violations"] : []),
    ...(retrieval ? ["recall@k / MRR"] : []),
  ];
  const out = [row(head), `|${head.map(() => "---").join("|")}|`];
  for (const s of slices)
    out.push(
      row([
        esc(s.slice),
        ...names.map((n) => {
          const t = n.startsWith("judge:") ? s.judges[n.slice(6)] : s.scorers[n];
          return t?.n ? `${pct(t.rate)} [${pct(t.low)}, ${pct(t.high)}] of ${t.n}` : "–";
        }),
        ...(access ? [`${s.access.chunks} chunks in ${s.access.records} records`] : []),
        ...(retrieval
          ? [
              s.retrieval.n
                ? `${s.retrieval.recallAtK!.toFixed(2)} / ${s.retrieval.mrr!.toFixed(2)}`
                : "–",
            ]
          : []),
      ]),
    );
  return out;
}

export function seriesTable(series: SeriesRow[]): string[] {
  const names = [...new Set(series.flatMap((s) => Object.keys(s.failures)))].sort();
  const head = [
    "window",
    "bucket",
    "records",
    "errors",
    "refusals",
    "latency p95",
    "cost / request",
    ...names.map((n) => `${esc(n)} failed`),
  ];
  const out = [row(head), `|${head.map(() => "---").join("|")}|`];
  for (const s of series)
    out.push(
      row([
        s.window,
        s.bucket,
        s.records,
        pct(s.errorRate),
        pct(s.refusalRate),
        ms(s.latencyP95),
        usd(s.costPerRequest),
        ...names.map((n) => pct(s.failures[n])),
      ]),
    );
  return out;
}
