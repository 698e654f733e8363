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
    // The built bundle (dist/) loads through Node itself, not vitest's module runner: in-process
    // CLI runs (runInProcess) test what ships, and load it in a third of the time.
    server: { deps: { external: [/\/dist\//] } },
  },
});
