#!/usr/bin/env node
import module from "node:module";

// Cache V8's compiled code between runs (Node >= 22.1; a no-op where missing): start-up is most
// of a short command (docs/benchmarks.md).
module.enableCompileCache?.();

// dist/llmops-main.js is the bundle `npm run build` makes when rolldown is installed; without it
// (a build without devDependencies) tsc's dist/ runs as it is.
let entry;
try {
  entry = await import("../dist/llmops-main.js");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes("llmops-main"))
    throw err;
  entry = await import("../dist/cli/main.js");
}
await entry.start();
