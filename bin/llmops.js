#!/usr/bin/env node
// CommonJS (bin/package.json says so), as is the bundle: a start that never needs Node's ES module
// loader is ~12 ms faster on Node 20 (llmops --help, 25 alternating runs: 148 -> 136 ms).
const { enableCompileCache } = require("node:module");

// Cache V8's compiled code between runs (Node >= 22.1; a no-op where missing): start-up is most
// of a short command (docs/benchmarks.md).
enableCompileCache?.();

// dist/llmops-main.cjs is the bundle `npm run build` makes when rolldown is installed; without it
// (a build without devDependencies) tsc's dist/ runs as it is, as ES modules.
let entry;
try {
  entry = require("../dist/llmops-main.cjs");
} catch (err) {
  if (err?.code !== "MODULE_NOT_FOUND" || !String(err.message).includes("llmops-main.cjs"))
    throw err;
}
if (entry) entry.start();
else import("../dist/cli/main.js").then((m) => m.start());
