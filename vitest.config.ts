import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // The end-to-end files spend most of their time waiting on the CLI processes they spawn and
    // on the local server's delays, not on their own CPU: on 2 cores vitest's default (cores - 1)
    // ran them one after another. Three at once took `npm test` from ~230 s to the figure in
    // docs/benchmarks.md.
    maxWorkers: 3,
  },
});
