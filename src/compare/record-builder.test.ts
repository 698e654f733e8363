import { describe, expect, it } from "vitest";
import { trialResult as trial } from "../test-support/trial-result.js";
import { attachOutputs, OUTPUT_LIMIT, RecordBuilder } from "./record-builder.js";
import { recordsFromResults, scorerPassRates } from "./records.js";

const results = [
  trial("a", 0),
  trial("a", 1, { pass: false }),
  trial("a", 2),
  trial("b", 0, { output: "x".repeat(OUTPUT_LIMIT + 10) }),
  trial("c", 0, {
    output: null,
    error: { class: "timeout", message: "took too long" },
    scores: [],
    score: 0,
    pass: false,
  }),
];

describe("RecordBuilder", () => {
  it("counts a scorer's scores when a case scorer shares a suite scorer's name", async () => {
    const twice = (t: number) => {
      const r = trial("a", t);
      return { ...r, scores: [r.scores[0]!, { ...r.scores[0]!, pass: t === 0, value: 0 }] };
    };
    const records = await recordsFromResults([twice(0), twice(1)]);
    const s = records.get("s")!.get("m")!;
    expect(s.cases.a!.scorers[0]).toMatchObject({ name: "exact", passes: 3, entries: 4 });
    expect(scorerPassRates(s).get("exact")).toEqual({ type: "equals", trials: 4, passRate: 0.75 });
    // One score per trial: no `entries`.
    const plain = (await recordsFromResults([trial("b", 0)])).get("s")!.get("m")!;
    expect(plain.cases.b!.scorers[0]).not.toHaveProperty("entries");
  });

  it("gives the same records whatever order the trials finish in", async () => {
    const inOrder = await recordsFromResults(results);
    const shuffled = await recordsFromResults([...results].reverse());
    expect(shuffled).toEqual(inOrder);
    const a = inOrder.get("s")!.get("m")!.cases.a!;
    expect(a.scores).toEqual([1, 0, 1]);
    expect(a.outputs).toEqual(["output of a #0", "output of a #1", "output of a #2"]);
    expect(a.scorers[0]).toMatchObject({ passes: 2, reason: "trial 1 differs" });
  });

  it("keeps no outputs unless asked: the statistics never read them", () => {
    const builder = new RecordBuilder();
    for (const r of results) builder.add(r);
    const cases = builder.finish().get("s")!.get("m")!.cases;
    expect(cases.a!.outputs).toEqual([null, null, null]);
    expect(cases.b!.outputs).toEqual([null]);
    expect(cases.c).toMatchObject({ errors: { timeout: 1 }, errorMessage: "took too long" });
  });

  it("attachOutputs fills in, in trial order and cut to the limit, only the cases asked for", async () => {
    const builder = new RecordBuilder();
    for (const r of results) builder.add(r);
    const records = builder.finish();
    async function* stream() {
      yield* [...results].reverse();
    }
    await attachOutputs(records, stream(), (_s, _m, id) => id !== "c" && id !== "z");
    const cases = records.get("s")!.get("m")!.cases;
    expect(cases.a!.outputs).toEqual(["output of a #0", "output of a #1", "output of a #2"]);
    expect(cases.b!.outputs[0]).toHaveLength(OUTPUT_LIMIT + 1);
    expect(cases.c!.outputs).toEqual([null]);
  });

  it("keeps every fact of a trial through its compact text: errors, judges, texts past the table", () => {
    const judged = trial("j", 0, {
      scores: [
        {
          name: "rubric",
          type: "llm-rubric",
          value: 0.25,
          pass: false,
          reason: "misses the refund window",
          weight: 1,
          threshold: 0.5,
          error: "judge_parse",
          judge: {
            model: "judge-model",
            promptDigest: "abc123",
            source: "live",
            verdict: "B",
            reasoning: "no window",
            usage: undefined,
            cost: undefined,
          },
        },
      ],
      score: 0.25,
      pass: false,
      cost: null,
      latencyMs: null,
    });
    const builder = new RecordBuilder();
    builder.add(judged);
    // More distinct reasons than the table of shared texts holds: the last ones are kept whole.
    for (let i = 0; i < 20_005; i++)
      builder.add(
        trial(`u${i}`, 0, {
          pass: false,
          scores: [{ ...trial("x", 0).scores[0]!, pass: false, reason: `reason ${i}` }],
        }),
      );
    const cases = builder.finish().get("s")!.get("m")!.cases;
    expect(cases.j).toMatchObject({
      scores: [0.25],
      passes: 0,
      cost: null,
      latencyMs: null,
      judges: [{ scorer: "rubric", model: "judge-model", promptDigest: "abc123" }],
      scorers: [
        {
          name: "rubric",
          type: "llm-rubric",
          value: 0.25,
          reason: "misses the refund window",
          error: "judge_parse",
        },
      ],
    });
    expect(cases.u0!.scorers[0]!.reason).toBe("reason 0");
    expect(cases.u20004!.scorers[0]!.reason).toBe("reason 20004");
  });

  it("shares equal parts of records, frozen, and keeps the first trial's case digest", () => {
    const builder = new RecordBuilder();
    for (const id of ["p", "q", "r"]) builder.add(trial(id, 0));
    // A resumed run can add a case's later trial first: the digest is still trial 0's.
    builder.add(trial("s", 1, { caseDigest: "d-s-later" }));
    builder.add(trial("s", 0));
    const cases = builder.finish().get("s")!.get("m")!.cases;
    const [p, q, r] = [cases.p!, cases.q!, cases.r!];
    expect(q.scores).toBe(p.scores);
    expect(q.scorers).toBe(p.scorers);
    expect(q.tokens).toBe(p.tokens);
    expect(r).toEqual({ ...p, caseDigest: "d-r" });
    expect(p.caseDigest).toBe("d-p");
    for (const part of [p.scores, p.scorers, p.scorers[0], p.tokens])
      expect(Object.isFrozen(part)).toBe(true);
    expect(() => (p.scores as number[]).push(0)).toThrow(TypeError);
    expect(cases.s!.caseDigest).toBe("d-s");
    expect(cases.s!.scores).toEqual([1, 1]);
  });

  it("gives one-trial cases with the same scores the same scorer records, unless one errored", () => {
    // A trial can fail after scoring (a judge's error): its scores then count over no trial.
    const failed = (id: string) =>
      trial(id, 0, {
        error: { class: "judge_error", message: "judge down" },
        scores: trial(id, 0).scores,
      });
    const builder = new RecordBuilder();
    for (const r of [trial("a", 0), failed("b"), trial("c", 0), failed("d")]) builder.add(r);
    const cases = builder.finish().get("s")!.get("m")!.cases;
    expect(cases.c!.scorers).toBe(cases.a!.scorers);
    expect(cases.d!.scorers).toBe(cases.b!.scorers);
    expect(cases.b!.scorers).not.toEqual(cases.a!.scorers);
    // Each is what a builder holding that case alone makes.
    for (const [id, r] of [
      ["a", trial("a", 0)],
      ["b", failed("b")],
    ] as const) {
      const alone = new RecordBuilder();
      alone.add(r);
      expect(cases[id]!.scorers).toEqual(alone.finish().get("s")!.get("m")!.cases[id]!.scorers);
    }
  });
});
