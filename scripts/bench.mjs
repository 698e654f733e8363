// The project's benchmark: `npm run bench` (builds first). Writes docs/benchmarks.md.
// Figures on shared machines are noisy: every figure is a median of several runs.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = `${ROOT}bin/llmops.js`;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeCommand(args, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
    if (i >= 2) times.push(ms); // two warm-up runs fill the file cache
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs };
}

function startup() {
  const bare = timeCommand(["-e", "0"]);
  const help = timeCommand([BIN, "--help"]);
  const validate = timeCommand([BIN, "validate"]);
  const row = (name, r) => `| ${name} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${r.max.toFixed(1)} |`;
  return [
    "## Startup",
    "",
    `Median wall time of ${RUNS} runs after 2 warm-ups, spawned from Node.`,
    "",
    "| command | median ms | min ms | max ms |",
    "|---|---:|---:|---:|",
    row("`node -e 0` (the floor)", bare),
    row("`llmops --help`", help),
    row("`llmops validate` (the bundled examples)", validate),
    "",
    `\`llmops --help\` costs ${(help.median - bare.median).toFixed(1)} ms over a bare Node start (${(help.median / bare.median).toFixed(2)}x): commands load the openai SDK and other heavy modules only when they run.`,
    "",
  ].join("\n");
}

const sections = { startup };
const only = process.argv.slice(2);
const chosen = only.length ? only : Object.keys(sections);
const parts = [];
for (const name of chosen) {
  if (!sections[name]) throw new Error(`unknown section ${name}; known: ${Object.keys(sections).join(", ")}`);
  console.error(`bench: ${name}...`);
  parts.push(await sections[name]());
}
const header = [
  "# Benchmarks",
  "",
  "Produced by `npm run bench` (this file is written by `scripts/bench.mjs`; do not edit by hand).",
  "",
  `Machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  "Shared machines are noisy: compare medians and ratios, not single runs.",
  "",
].join("\n");
if (only.length) {
  // A partial run prints its sections; only a full run rewrites the document.
  process.stdout.write(`${parts.join("\n")}\n`);
} else {
  writeFileSync(`${ROOT}docs/benchmarks.md`, `${header}\n${parts.join("\n")}`);
  console.error("bench: wrote docs/benchmarks.md");
}
