// The monitor's scale benchmark (run `npm run build` first):
//   node scripts/bench-monitor.mjs [RECORDS] [--keep DIR]
// Writes RECORDS (default 1,000,000) synthetic OpenAI-style records of ~2 KB each (half reference,
// half current, with injected effects), then times `llmops monitor` over them with deterministic
// and guardrail scorers only and reports wall time, peak RSS and records per second.
// Goal (issue 14): 1,000,000 records in <= 60 s and <= 300 MB peak RSS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const total = Number(process.argv[2] ?? 1_000_000);
const keepAt = process.argv.indexOf("--keep");
const dir =
  keepAt > 0 ? process.argv[keepAt + 1] : mkdtempSync(join(tmpdir(), "llmops-bench-monitor-"));

const gen = spawnSync(
  process.execPath,
  [
    join(ROOT, "scripts/gen-monitor-logs.mjs"),
    dir,
    "--records",
    String(total / 2),
    "--effects",
    "--context-chars",
    "1500",
  ],
  { stdio: "inherit" },
);
if (gen.status !== 0) process.exit(gen.status ?? 1);
const bytes = ["reference.jsonl", "current.jsonl"].reduce(
  (a, f) => a + statSync(join(dir, f)).size,
  0,
);

writeFileSync(
  join(dir, "bench.monitor.yml"),
  `name: bench
logs: [current.jsonl]
reference: [reference.jsonl]
scorers:
  - { type: regex, name: cites a source, pattern: "\\\\[doc-\\\\d+\\\\]" }
  - { type: pii, name: no personal data }
  - { type: secrets, name: no secrets }
  - { type: prompt-injection, name: injection attempt, target: vars.input }
`,
);
// Peak RSS of the monitor process itself, printed by a hook loaded before the CLI.
const hook = `data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss_kb="+process.resourceUsage().maxRSS+"\\n"))`;
const t0 = process.hrtime.bigint();
const run = spawnSync(
  process.execPath,
  ["--import", hook, join(ROOT, "bin/llmops.js"), "monitor", "bench.monitor.yml", "--quiet"],
  { cwd: dir, encoding: "utf8" },
);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const rss = Number(/maxrss_kb=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN) / 1024;
if (run.status !== 0 && run.status !== 1) {
  console.error(run.stderr);
  process.exit(run.status ?? 1);
}
console.log(
  JSON.stringify(
    {
      records: total,
      bytesPerRecord: Math.round(bytes / total),
      seconds: Number(seconds.toFixed(1)),
      recordsPerSecond: Math.round(total / seconds),
      peakRssMb: Math.round(rss),
      exitCode: run.status,
      goal: { seconds: 60, peakRssMb: 300 },
    },
    null,
    2,
  ),
);
if (keepAt < 0) rmSync(dir, { recursive: true, force: true });
