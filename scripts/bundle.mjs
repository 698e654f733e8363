// Bundle tsc's dist/ into dist/llmops-main.cjs plus one lazily loaded chunk per command (part of
// `npm run build`). Loading some 240 small ES modules cost about a third of a replay and most of
// `llmops --help` (docs/benchmarks.md); one file per command loads in a fraction of that.
// `--help` and light commands never load the openai SDK, yaml or zod's heavy parts.
//
// The bundle is CommonJS, loaded with require: Node 20 loads the same code that way faster than
// as ES modules (15-20 alternating runs: a 1,000-case replay 597 -> 569 ms, `--help` 150 -> 144
// ms, a live 1,000-case run at 100 ms 2997 -> 2933 ms). A user's own scorer modules are still
// loaded with import().
//
// rolldown is already installed with vitest (vite's bundler) and has no install script: no new
// download. Without it (an install without devDependencies) the build stops after tsc and
// bin/llmops.js runs dist/cli/main.js as before.
import { readdirSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

let rolldown;
try {
  ({ rolldown } = await import("rolldown"));
} catch {
  console.error("bundle: rolldown is not installed; bin/llmops.js will run the unbundled dist/");
  process.exit(0);
}

// Old bundles first: their hashed chunk names change from build to build.
for (const f of readdirSync(DIST)) if (f.startsWith("llmops-")) rmSync(DIST + f);

const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  // Ajv compiles its validators with `new Function` and loads only for `json-schema` scorers.
  /^ajv(\/|$)/,
];
const bundle = await rolldown({
  input: { "llmops-main": `${DIST}cli/main.js` },
  platform: "node",
  external,
  logLevel: "warn",
  onLog(level, log, handler) {
    // @datadog/sketches-js requires protobufjs only in toProto(), which llmops never calls.
    if (log.code === "UNRESOLVED_IMPORT" && log.message.includes("protobufjs")) return;
    handler(level, log);
  },
});
await bundle.write({
  dir: DIST,
  format: "cjs",
  // Every chunk says "use strict": the code was written as ES modules, which are always strict
  // (rolldown leaves a CommonJS chunk sloppy by default, where writing to a frozen record fails
  // silently).
  strict: true,
  // Flat in dist/: src/version.ts reads ../package.json from where its code lands.
  entryFileNames: "[name].cjs",
  chunkFileNames: "llmops-[name]-[hash].cjs",
  sourcemap: false,
});
await bundle.close();
