// The power table of docs/gate.md: how often the gate FAILs at 20, 50 and 200 cases, for fixed
// trials and for sequential trials (Pocock, at most 3 rounds), by seeded simulation of the rule.
// `npm run build && node scripts/gate-power-table.mjs [reps]` prints the markdown table.
// Population: each case always passes (53%), always fails (13.5%) or is flaky with a pass
// probability uniform in [0.2, 0.8]; the baseline is recorded at the setting's (maximum) trials;
// a drop of D points fails each candidate trial with probability D / mean pass rate.
import { sequentialLevels } from "../dist/compare/sequential.js";
import { createSeededRandom, decide, pairedDropTest } from "../dist/compare/stats.js";

const REPS = Number(process.argv[2] ?? 1000);
const MARGIN = 0.03;
const ALPHA = 0.05;
const DROPS = [0, 0.03, 0.05, 0.08, 0.15];
const SETTINGS = [
  { label: "1 trial", trials: 1, sequential: false },
  { label: "3 trials", trials: 3, sequential: false },
  { label: "5 trials", trials: 5, sequential: false },
  { label: "sequential, max 3", trials: 3, sequential: true },
];

function population(n, random) {
  return Array.from({ length: n }, () => {
    const u = random();
    return u < 0.53 ? 1 : u < 0.665 ? 0 : 0.2 + 0.6 * random();
  });
}

/** FAIL rate and mean trials per case of one setting at one size and drop. */
function simulate(n, setting, drop, seed) {
  const random = createSeededRandom(seed);
  const levels = setting.sequential ? sequentialLevels(setting.trials, ALPHA) : [ALPHA];
  const looks = setting.sequential ? setting.trials : 1;
  let fails = 0;
  let trials = 0;
  for (let r = 0; r < REPS; r++) {
    const latent = population(n, random);
    const mu = latent.reduce((a, x) => a + x, 0) / n;
    const cand = latent.map((p) => p * Math.max(0, 1 - drop / mu));
    const base = latent.map((p) => {
      let s = 0;
      for (let t = 0; t < setting.trials; t++) if (random() < p) s++;
      return s / setting.trials;
    });
    const passes = new Array(n).fill(0);
    let ran = 0;
    for (let look = 1; look <= looks; look++) {
      const per = setting.sequential ? 1 : setting.trials;
      for (let t = 0; t < per; t++) for (let i = 0; i < n; i++) if (random() < cand[i]) passes[i]++;
      ran += per;
      const level = levels[look - 1];
      const d = decide(
        pairedDropTest(
          passes.map((s, i) => s / ran - base[i]),
          level,
        ),
        MARGIN,
        level,
      );
      if (d === "fail") fails++;
      if (d !== "inconclusive") break;
    }
    trials += ran;
  }
  return { fail: fails / REPS, trials: trials / REPS };
}

const pctOf = (x) => `${(x * 100).toFixed(1)}%`;
console.log(
  `| cases | setting | ${DROPS.map((d) => (d === 0 ? "A/A" : `${d * 100}-pt drop`)).join(" | ")} | trials/case (A/A) |`,
);
console.log(`|---|---|${DROPS.map(() => "---|").join("")}---|`);
let seed = 1;
for (const n of [20, 50, 200]) {
  for (const setting of SETTINGS) {
    const cells = [];
    let aaTrials = 0;
    for (const drop of DROPS) {
      const m = simulate(n, setting, drop, seed++);
      if (drop === 0) aaTrials = m.trials;
      cells.push(pctOf(m.fail));
    }
    console.log(`| ${n} | ${setting.label} | ${cells.join(" | ")} | ${aaTrials.toFixed(2)} |`);
  }
}
console.log(`\nFAIL rate, margin ${MARGIN}, alpha ${ALPHA}, ${REPS} seeded runs per cell.`);
