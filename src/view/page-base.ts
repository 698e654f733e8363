/**
 * What every page's script starts with (inside its function): the light/dark toggle, kept in
 * the browser's storage, and the element builders. `el` puts text in with textContent only.
 */
export const PAGE_BASE_JS = `
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (k) { if (k) e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  var root = document.documentElement;
  var savedTheme = null;
  try { savedTheme = localStorage.getItem("llmops-theme"); } catch (e) {}
  if (savedTheme) root.setAttribute("data-theme", savedTheme);
  document.getElementById("theme").addEventListener("click", function () {
    var dark = root.getAttribute("data-theme") === "dark" ||
      (!root.getAttribute("data-theme") && matchMedia("(prefers-color-scheme: dark)").matches);
    var next = dark ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("llmops-theme", next); } catch (e) {}
  });
`;
