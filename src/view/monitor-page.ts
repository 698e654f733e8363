/**
 * The monitor page: one self-contained HTML file for a `llmops monitor --out` folder, with the
 * verdict, the alerts, and the time series of each headline metric over the reference and the
 * current window (issue 16). Everything from the logs is put in the page as text.
 */
import type { MonitorReport } from "../monitor/report.js";
import { htmlDocument } from "./page.js";
import { PAGE_BASE_JS } from "./page-base.js";

const CSS = `
.series{display:flex;gap:16px;flex-wrap:wrap}.series figure{width:480px}
.chart .ref{fill:none;stroke:var(--base);stroke-width:1.5}.chart .cur{fill:none;stroke:var(--cand);stroke-width:1.5}
.chart circle.ref{fill:var(--base)}.chart circle.cur{fill:var(--cand)}.chart .divider{stroke:var(--line);stroke-dasharray:4 3}
.chart .alert{stroke:var(--bad);stroke-width:1.5}details{margin:4px 0}details table{width:auto}
`;

const BODY = `
<header>
  <h1>llmops monitor <span id="name"></span> <button id="theme" type="button" aria-label="toggle light and dark">◐</button></h1>
  <p id="verdict" role="status"></p>
  <p id="windows" class="meta"></p>
</header>
<main>
  <h2>Alerts</h2>
  <table aria-label="alerts"><thead><tr><th scope="col">Kind</th><th scope="col">Slice</th><th scope="col">Metric</th><th scope="col">What changed</th><th scope="col">Since</th><th scope="col">Also in</th></tr></thead><tbody id="alerts"></tbody></table>
  <h2>Over time</h2>
  <p class="meta">Every record, per bucket: the reference window in grey (left half), the current window in blue (right half); a red line marks where an alert's metric was first off. Hover a point for its value.</p>
  <div id="series" class="series"></div>
  <ul id="problems" class="error"></ul>
</main>`;

/** The page's script (plain ES2020, no template literals: it sits in one). */
export const MONITOR_JS = `
"use strict";
(function () {
  var R = JSON.parse(document.getElementById("llmops-data").textContent);
${PAGE_BASE_JS}  function titled(node, text) { var t = svg("title"); t.textContent = text; node.appendChild(t); return node; }

  document.getElementById("name").textContent = R.name;
  var v = document.getElementById("verdict");
  v.textContent = R.verdict.toUpperCase() + (R.alerts.length ? ": " + R.alerts.length + " alert" + (R.alerts.length === 1 ? "" : "s") : "");
  v.className = "verdict " + (R.verdict === "alert" ? "v-fail" : R.verdict === "ok" ? "v-pass" : "v-warn");
  function win(name, w) { return w ? name + ": " + w.records + " records" + (w.from ? ", " + w.from + (w.to && w.to !== w.from ? " to " + w.to : "") : "") : name + ": none"; }
  document.getElementById("windows").textContent = win("current", R.windows.current) + "; " + win("reference", R.windows.reference) + ". Reproduce: " + R.reproduce;

  var tbody = document.getElementById("alerts");
  if (!R.alerts.length) { var tr0 = el("tr"); var td0 = el("td", { text: "no alerts" }); td0.colSpan = 6; tr0.appendChild(td0); tbody.appendChild(tr0); }
  R.alerts.forEach(function (a) {
    var tr = el("tr");
    [a.kind, a.slice, a.metric, a.message, a.since || "–", (a.alsoIn || []).join(", ") || "–"].forEach(function (x) { tr.appendChild(el("td", { text: String(x) })); });
    tbody.appendChild(tr);
  });

  var isRate = function (m) { return m !== "records" && m !== "latencyP95" && m !== "costPerRequest"; };
  function show(m, x) {
    if (x === null || x === undefined) return "–";
    if (m === "records") return String(x);
    if (m === "latencyP95") return x.toFixed(0) + " ms";
    if (m === "costPerRequest") return "$" + x.toPrecision(3);
    return (x * 100).toFixed(1) + "%";
  }
  var metrics = [
    { key: "records", name: "Records" },
    { key: "errorRate", name: "Error rate" },
    { key: "refusalRate", name: "Refusal rate" },
    { key: "latencyP95", name: "Latency p95" },
    { key: "costPerRequest", name: "Cost per request" }
  ];
  var failureKeys = [];
  R.series.forEach(function (row) { Object.keys(row.failures).forEach(function (k) { if (failureKeys.indexOf(k) < 0) failureKeys.push(k); }); });
  failureKeys.sort().forEach(function (k) { metrics.push({ key: k, name: k + " failures", failure: true }); });
  function valueOf(row, m) { var x = m.failure ? row.failures[m.key] : row[m.key]; return x === undefined ? null : x; }
  // The alerts whose metric this series draws (alert metrics are named as in the report).
  function concerns(m, metric) {
    if (m.failure) return metric === m.key || metric === m.key + " failures";
    if (m.key === "errorRate") return metric === "error rate" || metric.indexOf("errors: ") === 0;
    if (m.key === "refusalRate") return metric === "refusal rate";
    if (m.key === "latencyP95") return metric.indexOf("latency") === 0;
    if (m.key === "costPerRequest") return metric.indexOf("cost") === 0;
    return false;
  }
  function alertsFor(m) { return R.alerts.filter(function (a) { return a.since && concerns(m, a.metric); }); }

  function chart(m) {
    var W = 480, H = 180, L = 56, P = 14, B = 40;
    var rows = R.series;
    var vals = rows.map(function (r) { return valueOf(r, m); });
    var known = vals.filter(function (x) { return x !== null; });
    var max = Math.max.apply(null, [isRate(m.key) ? 0.01 : 1e-9].concat(known));
    // Each window gets half the width (a week of reference beside a day of current stays readable).
    var nRef = rows.filter(function (r) { return r.window === "reference"; }).length, nCur = rows.length - nRef;
    var half = (W - L - P) / (nRef && nCur ? 2 : 1), gap = nRef && nCur ? 6 : 0;
    var X = function (i) {
      var inRef = i < nRef, k = inRef ? i : i - nRef, n = inRef ? nRef : nCur;
      var x0 = L + (inRef || !nRef ? 0 : half + gap / 2), w = half - gap / 2;
      return x0 + (n > 1 ? w * k / (n - 1) : w / 2);
    };
    var Y = function (x) { return H - B - (H - B - P) * x / max; };
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": m.name + " over time", class: "chart line-chart", "data-metric": m.key });
    ["reference", "current"].forEach(function (w) {
      var pts = [];
      rows.forEach(function (r, i) { if (r.window === w && vals[i] !== null) pts.push(X(i).toFixed(1) + "," + Y(vals[i]).toFixed(1)); });
      var cls = w === "reference" ? "ref" : "cur";
      if (pts.length > 1) s.appendChild(svg("polyline", { points: pts.join(" "), class: cls }));
      rows.forEach(function (r, i) {
        if (r.window !== w || vals[i] === null) return;
        s.appendChild(titled(svg("circle", { cx: X(i).toFixed(1), cy: Y(vals[i]).toFixed(1), r: 2.5, class: cls, "data-bucket": r.bucket }), w + " " + r.bucket + ": " + show(m.key, vals[i]) + " (" + r.records + " records)"));
      });
    });
    var firstCur = rows.findIndex(function (r) { return r.window === "current"; });
    if (firstCur > 0) { var dx = (X(firstCur - 1) + X(firstCur)) / 2; s.appendChild(svg("line", { x1: dx, x2: dx, y1: P, y2: H - B, class: "divider" })); }
    alertsFor(m).forEach(function (a) {
      var i = rows.findIndex(function (r) { return r.window === "current" && r.bucket === a.since; });
      if (i < 0) return;
      s.appendChild(titled(svg("line", { x1: X(i), x2: X(i), y1: P, y2: H - B, class: "alert", "data-since": a.since }), a.slice + ": " + a.message));
    });
    function text(x, y, t, anchor) { var e = svg("text", { x: x, y: y, class: "axis", "text-anchor": anchor || "start" }); e.textContent = t; s.appendChild(e); }
    text(L - 4, Y(max) + 4, show(m.key, max), "end");
    text(L - 4, Y(0), show(m.key, 0), "end");
    if (nRef) { text(L, H - 16, "reference"); text(L, H - 4, rows[0].bucket); }
    if (nCur) { text(W - P, H - 16, "current", "end"); text(W - P, H - 4, rows[rows.length - 1].bucket, "end"); }
    var table = el("table"); table.setAttribute("aria-label", m.name + " per bucket");
    var head = el("tr"); ["Window", "Bucket", m.name, "Records"].forEach(function (h) { var th = el("th", { text: h }); th.scope = "col"; head.appendChild(th); }); table.appendChild(head);
    rows.forEach(function (r, i) { var tr = el("tr"); [r.window, r.bucket, show(m.key, vals[i]), String(r.records)].forEach(function (x) { tr.appendChild(el("td", { text: x })); }); table.appendChild(tr); });
    var details = el("details"); details.appendChild(el("summary", { text: "values" })); details.appendChild(table);
    var fig = el("figure"); fig.appendChild(s); fig.appendChild(el("figcaption", { text: m.name + " — " + known.length + " of " + rows.length + " buckets with a value" })); fig.appendChild(details);
    return fig;
  }
  var box = document.getElementById("series");
  if (!R.series.length) box.appendChild(el("p", { text: "no record carried a timestamp: no series to draw", class: "meta" }));
  else metrics.forEach(function (m) { if (R.series.some(function (r) { return valueOf(r, m) !== null; })) box.appendChild(chart(m)); });
  var probs = document.getElementById("problems");
  (R.problems || []).forEach(function (p) { probs.appendChild(el("li", { text: p })); });
  document.body.dataset.ready = "1";
})();
`;

export function renderMonitorPage(report: MonitorReport): string {
  return htmlDocument({
    title: `llmops monitor ${report.name}`,
    css: CSS,
    body: BODY,
    data: report,
    js: MONITOR_JS,
  });
}
