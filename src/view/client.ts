import { PAGE_BASE_JS } from "./page-base.js";

/**
 * The page's script, plain ES2020 run in the browser (kept a string so the page stays one file).
 * Everything a model or a user wrote is put in the page with textContent, never innerHTML: the
 * page's Content-Security-Policy allows this script alone, so even a slip would not run.
 * No template literals inside: the script itself is a template literal.
 */
export const CLIENT_JS = String.raw`
"use strict";
(function () {
${PAGE_BASE_JS}  var DATA = JSON.parse(document.getElementById("llmops-data").textContent);
  var R = DATA.report;
  var byKey = new Map();
  DATA.cases.forEach(function (c) { byKey.set(c.key, c); });
  var rows = DATA.cases.map(function (c) { return { c: c, r: null }; });
  var reportCase = new Map();
  R.cases.forEach(function (rc) { reportCase.set(rc.suite + "/" + rc.model + "/" + rc.id, rc); });
  rows.forEach(function (row) { row.r = reportCase.get(row.c.key) || null; });
  // Queue mode (llmops label queue --html): the ranked cases worth a human look, with reasons.
  var queued = new Map();
  (DATA.queue || []).forEach(function (it) { queued.set(it.key, it); });

  function fmt(x, d) { return x === null || x === undefined ? "–" : Number(x).toFixed(d === undefined ? 2 : d); }
  function candScore(row) {
    if (row.r && row.r.candidate) return row.r.candidate.meanScore;
    if (!row.c.trials.length) return null;
    return row.c.trials.reduce(function (s, t) { return s + t.score; }, 0) / row.c.trials.length;
  }
  function status(row) {
    if (row.r) return row.r.status;
    if (!row.c.trials.length) return "flagged";
    return row.c.trials.some(function (t) { return !t.pass; }) ? "failing" : "passing";
  }
  function hasError(row) { return row.c.trials.some(function (t) { return t.error; }); }
  function failing(row) { return row.c.trials.some(function (t) { return !t.pass; }); }
  function latency(row) {
    var l = row.c.trials.map(function (t) { return t.latencyMs; }).filter(function (x) { return x !== null; });
    return l.length ? l.reduce(function (a, b) { return a + b; }, 0) / l.length : null;
  }
  function cost(row) {
    var s = 0, any = false;
    row.c.trials.forEach(function (t) { if (t.cost !== null) { s += t.cost; any = true; } });
    return any ? s : null;
  }

  // ---- theme

  // ---- header: verdict and gates
  document.getElementById("verdict").textContent = R.verdictLine;
  document.getElementById("verdict").className = "verdict v-" + R.verdict;
  var suites = document.getElementById("suites");
  R.suites.forEach(function (s) {
    var checks = s.comparison ? s.comparison.checks.map(function (k) {
      return el("li", { class: "check c-" + k.status, text: k.status + " · " + k.name + ": " + k.detail });
    }) : [];
    suites.appendChild(el("tr", null, [
      el("th", { scope: "row", text: s.suite }), el("td", { text: s.model }),
      el("td", { class: "v-" + s.verdict, text: s.verdict }),
      el("td", { text: s.figures ? fmt(s.figures.passRate) : "–" }),
      el("td", { text: s.reason || "" }),
      el("td", null, [el("ul", { class: "checks" }, checks)]),
    ]));
  });

  // ---- charts: inline SVG, no library
  function histogram(title, series) {
    var W = 320, H = 140, bins = 10, pad = 20;
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": title, class: "chart" });
    var counts = series.map(function (ser) {
      var h = new Array(bins).fill(0);
      ser.values.forEach(function (v) { h[Math.min(bins - 1, Math.floor(v * bins))]++; });
      return h;
    });
    var max = Math.max.apply(null, [1].concat(counts.flat()));
    var bw = (W - 2 * pad) / bins / series.length;
    counts.forEach(function (h, si) {
      h.forEach(function (n, b) {
        var bh = (H - 2 * pad) * n / max;
        var r = svg("rect", { x: pad + b * bw * series.length + si * bw, y: H - pad - bh, width: bw - 1, height: bh, class: series[si].cls });
        var t = svg("title"); t.textContent = series[si].name + " " + (b / bins).toFixed(1) + "–" + ((b + 1) / bins).toFixed(1) + ": " + n;
        r.appendChild(t); s.appendChild(r);
      });
    });
    var ax = svg("text", { x: pad, y: H - 4, class: "axis" }); ax.textContent = "0"; s.appendChild(ax);
    var ax2 = svg("text", { x: W - pad - 8, y: H - 4, class: "axis" }); ax2.textContent = "1"; s.appendChild(ax2);
    var cap = el("figure", null, [s, el("figcaption", { text: title + " — " + series.map(function (x) { return x.name + " (" + x.values.length + ")"; }).join(", ") })]);
    return cap;
  }
  function bars(title, items) {
    var W = 320, rowH = 18, H = Math.max(1, items.length) * rowH + 10, lab = 120;
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": title, class: "chart" });
    items.forEach(function (it, i) {
      var t = svg("text", { x: 0, y: i * rowH + 13, class: "axis" }); t.textContent = it.name.slice(0, 18); s.appendChild(t);
      var r = svg("rect", { x: lab, y: i * rowH + 3, width: (W - lab - 40) * it.rate, height: rowH - 6, class: "cand" });
      s.appendChild(r);
      var v = svg("text", { x: lab + (W - lab - 40) * it.rate + 4, y: i * rowH + 13, class: "axis" }); v.textContent = (it.rate * 100).toFixed(0) + "%"; s.appendChild(v);
    });
    return el("figure", null, [s, el("figcaption", { text: title })]);
  }
  var charts = document.getElementById("charts");
  var base = R.cases.filter(function (c) { return c.baseline; }).map(function (c) { return c.baseline.meanScore; });
  var cand = rows.map(candScore).filter(function (x) { return x !== null; });
  var ser = [];
  if (base.length) ser.push({ name: "baseline", values: base, cls: "base" });
  ser.push({ name: "candidate", values: cand, cls: "cand" });
  charts.appendChild(histogram("Score distribution", ser));
  var perScorer = new Map();
  DATA.cases.forEach(function (c) { c.trials.forEach(function (t) { t.scores.forEach(function (x) {
    var p = perScorer.get(x.name) || { n: 0, pass: 0 }; p.n++; if (x.pass) p.pass++; perScorer.set(x.name, p);
  }); }); });
  charts.appendChild(bars("Pass rate per scorer", Array.from(perScorer, function (e) { return { name: e[0], rate: e[1].n ? e[1].pass / e[1].n : 0 }; })));

  function axisText(s, x, y, text, anchor) {
    var t = svg("text", { x: x, y: y, class: "axis", "text-anchor": anchor || "start" }); t.textContent = text; s.appendChild(t);
  }
  // Latency CDF: the share of trials answered within each latency.
  function latencyCdf(values) {
    var W = 320, H = 140, pad = 24;
    var v = values.slice().sort(function (a, b) { return a - b; }), max = v[v.length - 1] || 1;
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Latency CDF", class: "chart cdf" });
    var pts = v.map(function (x, i) { return (pad + (W - 2 * pad) * x / max).toFixed(1) + "," + (H - pad - (H - 2 * pad) * (i + 1) / v.length).toFixed(1); });
    s.appendChild(svg("polyline", { points: pts.join(" "), class: "line" }));
    axisText(s, pad, H - 6, "0"); axisText(s, W - pad, H - 6, max.toFixed(0) + " ms", "end");
    axisText(s, 2, pad, "100%"); axisText(s, 2, H - pad, "0%");
    var q = function (p) { return v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]; };
    return el("figure", null, [s, el("figcaption", { text: "Latency CDF — p50 " + q(0.5).toFixed(0) + " ms, p95 " + q(0.95).toFixed(0) + " ms (" + v.length + " trials)" })]);
  }
  var lat = [];
  DATA.cases.forEach(function (c) { c.trials.forEach(function (t) { if (t.latencyMs !== null) lat.push(t.latencyMs); }); });
  if (lat.length) charts.appendChild(latencyCdf(lat));
  // Cost vs quality per model (matrix runs), the Pareto front joined by a line.
  function costQuality(mc) {
    var W = 320, H = 160, pad = 28;
    var ms = mc.models.filter(function (m) { return m.costPerCase !== null; });
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Cost vs quality, " + mc.suite, class: "chart pareto" });
    var maxC = Math.max.apply(null, [1e-9].concat(ms.map(function (m) { return m.costPerCase; })));
    var X = function (c) { return pad + (W - 2 * pad) * c / maxC; }, Y = function (q) { return H - pad - (H - 2 * pad) * q; };
    var front = ms.filter(function (m) { return m.pareto; }).sort(function (a, b) { return a.costPerCase - b.costPerCase; });
    if (front.length > 1) s.appendChild(svg("polyline", { points: front.map(function (m) { return X(m.costPerCase).toFixed(1) + "," + Y(m.meanScore).toFixed(1); }).join(" "), class: "line" }));
    ms.forEach(function (m) {
      var dot = svg("circle", { cx: X(m.costPerCase), cy: Y(m.meanScore), r: 4, class: m.pareto ? "front" : "dom", "data-model": m.model });
      var t = svg("title"); t.textContent = m.model + ": mean score " + m.meanScore.toFixed(2) + ", $" + m.costPerCase.toFixed(6) + " per case" + (m.pareto ? " (Pareto front)" : "");
      dot.appendChild(t); s.appendChild(dot);
      axisText(s, X(m.costPerCase) + 6, Y(m.meanScore) + 3, m.model.slice(0, 16));
    });
    axisText(s, pad, H - 6, "$0"); axisText(s, W - pad, H - 6, "$" + maxC.toPrecision(2) + "/case", "end");
    axisText(s, 2, Y(1) + 3, "1"); axisText(s, 2, Y(0), "0");
    var left = mc.models.length - ms.length;
    return el("figure", null, [s, el("figcaption", { text: "Cost vs quality, " + mc.suite + ": ● on the Pareto front (quality, cost, latency)" + (left ? "; " + left + " model(s) without a price left out" : "") })]);
  }
  (R.modelChoices || []).forEach(function (mc) { charts.appendChild(costQuality(mc)); });
  // Pass rate per group (suites with groupBy), with Wilson 95% intervals as whiskers.
  function groupChart(title, items) {
    var W = 320, rowH = 18, H = items.length * rowH + 10, lab = 120, span = W - lab - 40;
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": title, class: "chart groups" });
    items.forEach(function (g, i) {
      var y = i * rowH;
      axisText(s, 0, y + 13, g.group.slice(0, 18));
      var r = svg("rect", { x: lab, y: y + 3, width: span * g.passed / g.n, height: rowH - 6, class: "cand" });
      var t = svg("title"); t.textContent = g.group + ": " + g.passed + "/" + g.n + " pass, 95% interval " + (g.low * 100).toFixed(0) + "–" + (g.high * 100).toFixed(0) + "%";
      r.appendChild(t); s.appendChild(r);
      s.appendChild(svg("line", { x1: lab + span * g.low, x2: lab + span * g.high, y1: y + rowH / 2, y2: y + rowH / 2, class: "whisker" }));
      axisText(s, lab + span + 4, y + 13, (100 * g.passed / g.n).toFixed(0) + "%");
    });
    return el("figure", null, [s, el("figcaption", { text: title + " (bars: pass rate; lines: Wilson 95% interval)" })]);
  }
  var bySuiteModel = new Map();
  (DATA.groups || []).forEach(function (g) { var k = g.suite + " · " + g.model; bySuiteModel.set(k, (bySuiteModel.get(k) || []).concat([g])); });
  bySuiteModel.forEach(function (items, k) { charts.appendChild(groupChart("Pass rate per group, " + k, items)); });

  // ---- filters
  var q = document.getElementById("q"), fStatus = document.getElementById("f-status");
  var fSuite = document.getElementById("f-suite"), fScorer = document.getElementById("f-scorer");
  Array.from(new Set(DATA.cases.map(function (c) { return c.suite; }))).sort().forEach(function (s) { fSuite.appendChild(el("option", { value: s, text: s })); });
  Array.from(perScorer.keys()).sort().forEach(function (s) { fScorer.appendChild(el("option", { value: s, text: s + " fails" })); });
  if (DATA.queue) {
    fStatus.appendChild(el("option", { value: "queue", text: "review queue (" + DATA.queue.length + ")" }));
    fStatus.value = "queue";
  }
  var tbody = document.getElementById("rows");
  var sortKey = null, sortDir = 1, visible = [];
  var cols = {
    id: function (r) { return r.c.id; }, suite: function (r) { return r.c.suite; }, model: function (r) { return r.c.model; },
    status: status, delta: function (r) { return r.r ? r.r.delta : null; }, score: candScore, latency: latency, cost: cost,
  };
  function matches(row) {
    var st = fStatus.value;
    if (st === "queue" && !queued.has(row.c.key)) return false;
    if (st === "regressed" || st === "improved" || st === "flaky") { if (status(row) !== st) return false; }
    else if (st === "failing") { if (!failing(row)) return false; }
    else if (st === "errors") { if (!hasError(row)) return false; }
    if (fSuite.value && row.c.suite !== fSuite.value) return false;
    if (fScorer.value && !row.c.trials.some(function (t) { return t.scores.some(function (x) { return x.name === fScorer.value && !x.pass; }); })) return false;
    var text = q.value.trim().toLowerCase();
    if (text) {
      var hay = row.hay || (row.hay = [row.c.id, row.c.suite, row.c.model, JSON.stringify(row.c.vars), row.c.trials.map(function (t) { return t.output || ""; }).join(" ")].join(" ").toLowerCase());
      if (hay.indexOf(text) < 0) return false;
    }
    return true;
  }
  function render() {
    visible = rows.filter(matches);
    if (!sortKey && fStatus.value === "queue")
      visible.sort(function (a, b) { return queued.get(a.c.key).rank - queued.get(b.c.key).rank; });
    if (sortKey) {
      var f = cols[sortKey];
      visible.sort(function (a, b) {
        var x = f(a), y = f(b);
        if (x === y) return 0; if (x === null) return 1; if (y === null) return -1;
        return (x < y ? -1 : 1) * sortDir;
      });
    }
    var frag = document.createDocumentFragment();
    visible.slice(0, limit).forEach(function (row) {
      var tr = el("tr", { "data-key": row.c.key, tabindex: "0" }, [
        el("th", { scope: "row" }, [el("a", { href: "#case=" + encodeURIComponent(row.c.key), text: row.c.id })]),
        el("td", { text: row.c.suite }), el("td", { text: row.c.model }),
        el("td", { class: "s-" + status(row), text: status(row) }),
        el("td", { class: "num", text: row.r && row.r.delta !== null ? (row.r.delta > 0 ? "+" : "") + fmt(row.r.delta) : "–" }),
        el("td", { class: "num", text: fmt(candScore(row)) }),
        el("td", { class: "num", text: fmt(latency(row), 0) }),
        el("td", { class: "num", text: cost(row) === null ? "–" : "$" + cost(row).toFixed(5) }),
      ]);
      var qi = queued.get(row.c.key);
      if (qi) tr.setAttribute("title", "#" + qi.rank + ": " + qi.reasons.map(function (x) { return x.kind; }).join(", "));
      if (current && current.key === row.c.key) tr.className = "open";
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
    var shown = Math.min(limit, visible.length);
    document.getElementById("count").textContent = visible.length + " of " + rows.length + " cases" + (shown < visible.length ? ", first " + shown + " shown" : "");
    more.hidden = shown >= visible.length;
  }
  // A page of rows at a time: laying out thousands of table rows costs seconds.
  var PAGE = 200, limit = PAGE, more = document.getElementById("more");
  more.addEventListener("click", function () { limit += PAGE * 5; render(); });
  [q, fStatus, fSuite, fScorer].forEach(function (x) { x.addEventListener("input", function () { limit = PAGE; render(); }); });
  document.querySelectorAll("th[data-sort]").forEach(function (th) {
    var b = th.querySelector("button");
    b.addEventListener("click", function () {
      var k = th.getAttribute("data-sort");
      sortDir = sortKey === k ? -sortDir : 1; sortKey = k;
      document.querySelectorAll("th[data-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      render();
    });
  });

  // ---- word diff (longest common subsequence of words and spaces)
  function wordDiff(a, b) {
    var x = a.split(/(\s+)/), y = b.split(/(\s+)/), n = x.length, m = y.length;
    if (n * m > 4000000) return null;
    var L = new Uint32Array((n + 1) * (m + 1));
    for (var i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--)
      L[i * (m + 1) + j] = x[i] === y[j] ? L[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(L[(i + 1) * (m + 1) + j], L[i * (m + 1) + j + 1]);
    var out = [], p = 0, q2 = 0;
    function push(kind, s) { var last = out[out.length - 1]; if (last && last.kind === kind) last.text += s; else out.push({ kind: kind, text: s }); }
    while (p < n && q2 < m) {
      if (x[p] === y[q2]) { push("same", x[p]); p++; q2++; }
      else if (L[(p + 1) * (m + 1) + q2] >= L[p * (m + 1) + q2 + 1]) { push("del", x[p]); p++; }
      else { push("ins", y[q2]); q2++; }
    }
    while (p < n) push("del", x[p++]);
    while (q2 < m) push("ins", y[q2++]);
    return out;
  }
  function diffBlock(a, b) {
    var parts = wordDiff(a, b);
    if (!parts) return el("p", { class: "note", text: "Outputs too long to diff word by word; shown side by side." });
    return el("pre", { class: "diff", "aria-label": "word diff, baseline to candidate" }, parts.map(function (d) {
      return d.kind === "same" ? document.createTextNode(d.text) : el(d.kind, { text: d.text });
    }));
  }

  // ---- labels, kept in this browser, exported as JSON
  var LKEY = "llmops-labels:" + R.run.id;
  var labels = {};
  try { labels = JSON.parse(localStorage.getItem(LKEY) || "{}"); } catch (e) { labels = {}; }
  function saveLabels() { try { localStorage.setItem(LKEY, JSON.stringify(labels)); } catch (e) {} updateLabelCount(); }
  function updateLabelCount() { document.getElementById("label-count").textContent = Object.keys(labels).length + " labelled"; }
  updateLabelCount();
  function labelForm(c) {
    var names = [];
    c.trials.forEach(function (t) { t.scores.forEach(function (x) { if (names.indexOf(x.name) < 0) names.push(x.name); }); });
    var box = el("fieldset", { class: "labels" }, [el("legend", { text: "Human label" })]);
    [""].concat(names.length > 1 ? names : []).forEach(function (name) {
      var k = c.key + "\u0000" + name;
      var cur = labels[k] || {};
      var sel = el("select", { "aria-label": "label " + (name || "case"), "data-scorer": name }, ["", "pass", "fail", "score"].map(function (v) {
        var o = el("option", { value: v, text: v || "(none)" }); if ((typeof cur.label === "number" ? "score" : cur.label || "") === v) o.selected = true; return o;
      }));
      var num = el("input", { type: "number", min: "0", max: "1", step: "0.05", "aria-label": "score 0 to 1", value: typeof cur.label === "number" ? String(cur.label) : "" });
      var note = el("input", { type: "text", placeholder: "note", "aria-label": "note", value: cur.note || "" });
      function store() {
        var v = sel.value;
        if (!v) { delete labels[k]; saveLabels(); return; }
        var lab = v === "score" ? Math.max(0, Math.min(1, Number(num.value || 0))) : v;
        labels[k] = { suite: c.suite, model: c.model, case: c.id, scorer: name || null, caseDigest: c.caseDigest, label: lab, note: note.value };
        saveLabels();
      }
      [sel, num, note].forEach(function (x) { x.addEventListener("change", store); });
      box.appendChild(el("div", { class: "label-row" }, [el("span", { text: name || "whole case" }), sel, num, note]));
    });
    return box;
  }
  function exportLabels() {
    var doc = { kind: "llmops-labels", version: 1, runId: R.run.id, labels: Object.keys(labels).sort().map(function (k) { return labels[k]; }) };
    var blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "labels.json" });
    document.body.appendChild(a); a.click(); a.remove();
  }
  document.getElementById("export").addEventListener("click", exportLabels);

  // ---- case page
  var current = null;
  var pane = document.getElementById("case");
  function pre(text, cls) { return el("pre", { class: cls || "" }, [text === null || text === undefined ? "(none)" : String(text)]); }
  function showCase(key) {
    var c = byKey.get(key);
    current = c || null;
    document.querySelectorAll("#rows tr.open").forEach(function (t) { t.className = ""; });
    if (!c) { pane.hidden = true; return; }
    var at = visible.findIndex(function (r) { return r.c.key === key; });
    if (at >= limit) { limit = at + PAGE; render(); }
    var tr = tbody.querySelector('tr[data-key="' + CSS.escape(key) + '"]');
    if (tr) { tr.className = "open"; tr.scrollIntoView({ block: "nearest" }); }
    var rc = reportCase.get(key);
    var t0 = c.trials[0];
    var kids = [
      el("h2", { text: c.id }),
      el("p", { class: "meta", text: c.suite + " · " + c.model + " · " + (rc ? rc.status : "not compared") + (rc && rc.location ? " · " + rc.location.file + ":" + rc.location.line : "") }),
    ];
    var qi = queued.get(key);
    if (qi) kids.push(el("section", { class: "why", "aria-label": "why review" }, [
      el("h3", { text: "Why review (#" + qi.rank + " of " + DATA.queue.length + ")" }),
      el("ul", null, qi.reasons.map(function (x) { return el("li", { "data-kind": x.kind }, [el("strong", { text: x.kind }), ": " + x.detail]); })),
    ]));
    kids.push(
      el("h3", { text: "Inputs" }), pre(JSON.stringify(c.vars, null, 2)),
      el("h3", { text: "Expected" }), pre(c.expected === null ? null : typeof c.expected === "string" ? c.expected : JSON.stringify(c.expected, null, 2)));
    var diffed = c.baselineOutput !== null && t0 && t0.output !== null;
    if (diffed) {
      kids.push(el("h3", { text: "Baseline → candidate (word diff)" }), diffBlock(c.baselineOutput, t0.output));
      kids.push(el("div", { class: "two" }, [
        el("div", null, [el("h4", { text: "Baseline output" }), pre(c.baselineOutput, "out")]),
        el("div", null, [el("h4", { text: "Candidate output" }), pre(t0.output, "out")]),
      ]));
    }
    c.trials.forEach(function (t) {
      kids.push(el("h3", { text: "Trial " + (t.trial + 1) + (t.pass ? " · pass" : " · fail") + " · score " + fmt(t.score) }));
      kids.push(el("p", { class: "meta", text: "latency " + fmt(t.latencyMs, 0) + " ms · tokens " + (t.tokens ? t.tokens.prompt + " in / " + t.tokens.completion + " out" : "–") + " · cost " + (t.cost === null ? "–" : "$" + t.cost.toFixed(6)) }));
      if (t.error) kids.push(el("p", { class: "error", text: t.error }));
      if (!diffed || t !== t0) kids.push(pre(t.output, "out"));
      var body = t.scores.map(function (x) {
        return el("tr", null, [el("th", { scope: "row", text: x.name }), el("td", { class: "num", text: fmt(x.value) }),
          el("td", { class: x.pass ? "s-passing" : "s-failing", text: x.pass ? "pass" : "fail" }),
          el("td", null, [x.reason || "", x.error ? " (" + x.error + ")" : ""]),
          el("td", null, x.judgeReasoning ? [el("details", null, [el("summary", { text: "reasoning" }), pre(x.judgeReasoning)])] : [])]);
      });
      kids.push(el("table", { class: "scorers" }, [el("caption", { text: "Scorers" }),
        el("thead", null, [el("tr", null, ["Scorer", "Value", "Pass", "Reason", "Judge"].map(function (h) { return el("th", { scope: "col", text: h }); }))]),
        el("tbody", null, body)]));
    });
    kids.push(labelForm(c));
    pane.replaceChildren.apply(pane, kids);
    pane.hidden = false;
  }
  function fromHash() {
    var m = /^#case=(.*)$/.exec(location.hash);
    showCase(m ? decodeURIComponent(m[1]) : "");
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("keydown", function (e) {
    if (e.target && /INPUT|SELECT|TEXTAREA/.test(e.target.tagName)) return;
    if (e.key !== "j" && e.key !== "k") return;
    if (!visible.length) return;
    var i = current ? visible.findIndex(function (r) { return r.c.key === current.key; }) : -1;
    i = e.key === "j" ? Math.min(visible.length - 1, i + 1) : Math.max(0, i - 1);
    location.hash = "case=" + encodeURIComponent(visible[i].c.key);
  });
  render();
  fromHash();
  document.body.setAttribute("data-ready", "1");
})();
`;
