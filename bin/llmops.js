#!/usr/bin/env node
import module from "node:module";

// Cache V8's compiled code between runs (Node >= 22.1; a no-op where missing): start-up is most
// of a short command (docs/benchmarks.md).
module.enableCompileCache?.();

// dist/llmops-main.cjs is the bundle `npm run build` makes when rolldown is installed (CommonJS:
// it loads faster than ES modules on Node 20); without it (a build without devDependencies) tsc's
// dist/ runs as it is.
let entry;
try {
  entry = module.createRequire(import.meta.url)("../dist/llmops-main.cjs");
} catch (err) {
  if (err?.code !== "MODULE_NOT_FOUND" || !String(err.message).includes("llmops-main.cjs"))
    throw err;
  entry = await import("../dist/cli/main.js");
}
await entry.start();
