/**
 * The view page: one self-contained HTML file (inline CSS and script, no network) that shows a
 * run's verdict, gates, cases, outputs and charts, and lets a reviewer label cases.
 */
import { createHash } from "node:crypto";
import { CLIENT_JS } from "./client.js";
import type { ViewData } from "./data.js";

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--row:#f6f8fa;--ins:#dafbe1;--del:#ffebe9;--bad:#cf222e;--good:#1a7f37;--warn:#9a6700;--base:#8c959f;--cand:#0969da}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;--line:#3d444d;--row:#151b23;--ins:#12361f;--del:#4c1d1d;--bad:#ff7b72;--good:#3fb950;--warn:#d29922;--base:#6e7681;--cand:#4493f8}}
:root[data-theme=dark]{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;--line:#3d444d;--row:#151b23;--ins:#12361f;--del:#4c1d1d;--bad:#ff7b72;--good:#3fb950;--warn:#d29922;--base:#6e7681;--cand:#4493f8}
body{margin:0;font:14px/1.45 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
header,main{padding:0 16px}header{border-bottom:1px solid var(--line)}
h1{font-size:18px}.verdict{font-weight:600}.v-pass{color:var(--good)}.v-fail,.v-error{color:var(--bad)}.v-warn{color:var(--warn)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th button{all:unset;cursor:pointer;font-weight:600}th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.num{text-align:right;font-variant-numeric:tabular-nums}#rows tr:hover,#rows tr.open{background:var(--row)}
.s-regressed,.s-failing,.c-fail{color:var(--bad)}.s-improved,.s-passing,.c-pass{color:var(--good)}.s-flaky,.s-flagged,.c-warn{color:var(--warn)}
.checks{margin:0;padding-left:16px}.controls{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:12px 0}
#layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}@media (max-width:900px){#layout{grid-template-columns:1fr}}
#case{border-left:1px solid var(--line);padding-left:16px}pre{white-space:pre-wrap;word-break:break-word;background:var(--row);padding:8px;margin:4px 0;max-height:400px;overflow:auto}
ins{background:var(--ins);text-decoration:none}del{background:var(--del)}.two{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.meta{color:var(--mute)}.error{color:var(--bad)}#charts{display:flex;gap:16px;flex-wrap:wrap}figure{margin:0}.chart{width:320px;height:auto}
.chart .base{fill:var(--base)}.chart .cand{fill:var(--cand)}.chart .axis{fill:var(--mute);font-size:10px}
.chart .line{fill:none;stroke:var(--cand);stroke-width:1.5}.chart .whisker{stroke:var(--fg);stroke-width:1.5}.chart .front{fill:var(--cand)}.chart .dom{fill:var(--base)}
.labels{margin:12px 0;border:1px solid var(--line)}.label-row{display:flex;gap:6px;align-items:center;margin:4px 0}.label-row span{min-width:110px}
a{color:var(--cand)}.why{border-left:3px solid var(--warn);padding-left:8px}
`;

const BODY = `
<header>
  <h1>llmops run <span id="run-id"></span> <button id="theme" type="button" aria-label="toggle light and dark">◐</button></h1>
  <p id="verdict" role="status"></p>
  <table aria-label="suites and gates"><thead><tr><th scope="col">Suite</th><th scope="col">Model</th><th scope="col">Verdict</th><th scope="col">Pass rate</th><th scope="col">Why</th><th scope="col">Gates</th></tr></thead><tbody id="suites"></tbody></table>
  <div id="charts"></div>
</header>
<main>
  <div class="controls">
    <input id="q" type="search" placeholder="search id, inputs, outputs" aria-label="search cases">
    <select id="f-status" aria-label="filter by status"><option value="">all cases</option><option value="regressed">regressed</option><option value="improved">improved</option><option value="flaky">flaky</option><option value="failing">failing</option><option value="errors">errors</option></select>
    <select id="f-suite" aria-label="filter by suite"><option value="">all suites</option></select>
    <select id="f-scorer" aria-label="filter by failing scorer"><option value="">any scorer</option></select>
    <span id="count" aria-live="polite"></span>
    <span id="label-count"></span><button id="export" type="button">Export labels</button>
    <span class="meta">j/k: next/previous case</span>
  </div>
  <div id="layout">
    <div><table aria-label="cases"><thead><tr>
      <th scope="col" data-sort="id"><button type="button">Case</button></th><th scope="col" data-sort="suite"><button type="button">Suite</button></th>
      <th scope="col" data-sort="model"><button type="button">Model</button></th><th scope="col" data-sort="status"><button type="button">Status</button></th>
      <th scope="col" data-sort="delta" class="num"><button type="button">Δ</button></th><th scope="col" data-sort="score" class="num"><button type="button">Score</button></th>
      <th scope="col" data-sort="latency" class="num"><button type="button">ms</button></th><th scope="col" data-sort="cost" class="num"><button type="button">Cost</button></th>
    </tr></thead><tbody id="rows"></tbody></table>
    <button id="more" type="button" hidden>Show more cases</button></div>
    <section id="case" aria-label="case" hidden></section>
  </div>
</main>`;

/** JSON that cannot end the <script> element it sits in, whatever the strings inside say. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The page's HTML. Its Content-Security-Policy lets only its own script run and forbids fetches. */
export function renderViewPage(data: ViewData): string {
  const js = CLIENT_JS.replace(
    '"use strict";',
    `"use strict";document.getElementById("run-id").textContent=${scriptSafeJson(data.report.run.id)};`,
  );
  return htmlDocument({ title: `llmops run ${data.report.run.id}`, css: "", body: BODY, data, js });
}

/**
 * A self-contained page: the shared style plus the page's own, its body, its data as inert JSON
 * and one script, which the Content-Security-Policy lets run alone (by its hash); no fetches.
 */
export function htmlDocument(p: {
  title: string;
  css: string;
  body: string;
  data: unknown;
  js: string;
}): string {
  const hash = createHash("sha256").update(p.js).digest("base64");
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${CSS}${p.css}</style></head>
<body>${p.body}
<script type="application/json" id="llmops-data">${scriptSafeJson(p.data)}</script>
<script>${p.js}</script>
</body></html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
