import { describe, expect, it } from "vitest";
import { trialResult as trial } from "../test-support/trial-result.js";
import { mean, round, sd } from "../util/stats.js";
import { Aggregator } from "./aggregate.js";

describe("Aggregator", () => {
  it("scores a suite by the mean of its case means, whatever order the trials come in", () => {
    const scored = (id: string, t: number, score: number) =>
      trial(id, t, { score, pass: score >= 0.5 });
    // Case a: 1, 0, 1 (mean 2/3); b: 0.5 (one trial); c: 0, 1 (mean 0.5). Interleaved, as
    // concurrent trials finish.
    const a = new Aggregator();
    for (const r of [
      scored("a", 0, 1),
      scored("c", 1, 1),
      scored("b", 0, 0.5),
      scored("a", 2, 1),
      scored("c", 0, 0),
      scored("a", 1, 0),
    ])
      a.add(r);
    const [s] = a.summaries();
    const means = [2 / 3, 0.5, 0.5];
    expect(s).toMatchObject({
      cases: 3,
      trials: 6,
      passedTrials: 4,
      meanScore: round(mean(means)),
      scoreSE: round(sd(means) / Math.sqrt(3)),
    });
  });

  it("keeps suites and models apart, and a failed call out of cost and latency", () => {
    const a = new Aggregator();
    a.add(trial("x", 0));
    a.add(trial("x", 0, { model: "other", cost: 0.5, latencyMs: 900 }));
    a.add(
      trial("y", 0, {
        error: { class: "timeout", message: "took too long" },
        output: null,
        scores: [],
        score: 0,
        pass: false,
        cost: null,
        latencyMs: null,
      }),
    );
    const [m, other] = a.summaries();
    expect(m).toMatchObject({ model: "m", cases: 2, trials: 2, meanScore: 0.5 });
    expect(m!.errors).toEqual({ timeout: 1 });
    expect(m!.cost).toEqual({ total: 0.001, perCase: 0.001, unknownTrials: 0 });
    expect(m!.latencyMs.p50).toBe(100);
    expect(other).toMatchObject({ model: "other", cases: 1, cost: { total: 0.5 } });
    expect(a.failures()).toMatchObject({ total: 1 });
  });
});
