import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // End-to-end tests spawn several CLI runs; on a shared 2-core machine with three files at once
    // a merge of 3 shards took over 30 s once. 60 s still catches a hang.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The end-to-end files spend most of their time waiting on the CLI processes they spawn and
    // on the local server's delays, not on their own CPU: on 2 cores vitest's default (cores - 1)
    // ran them one after another. Three at once took `npm test` from ~230 s to the figure in
    // docs/benchmarks.md.
    maxWorkers: 3,
    // Test files share their worker process (and its loaded modules) instead of each starting a
    // fresh one: on this 2-core machine the suite took 202 s and 378 s of CPU isolated, 139 s and
    // 256 s not (docs/benchmarks.md). So a test file closes what it opens (servers, temporary
    // folders), leaves process.env, globals and timers as it found them, and keeps no state in a
    // module that another file could see.
    isolate: false,
    // The built bundle (dist/) loads through Node itself, not vitest's module runner: in-process
    // CLI runs (runInProcess) test what ships, and load it in a third of the time.
    server: { deps: { external: [/\/dist\//] } },
  },
});
