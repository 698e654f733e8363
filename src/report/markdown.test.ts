import { describe, expect, it } from "vitest";
import {
  HOSTILE,
  hostileInput,
  oversizedInput,
  scenarios,
} from "../test-support/report-fixtures.js";
import { clipText, codeBlock, escapeInline, escapePre, stripXmlIllegal } from "./escape.js";
import { renderMarkdown } from "./markdown.js";

/** The fixtures fix run ids and durations; normalise them anyway so a fixture change stays local. */
function normalise(md: string): string {
  return md
    .replace(/2025-06-01T12-00-00-abc123/g, "<run-id>")
    .replace(/spent, [\d.]+m?s/g, "spent, <duration>");
}

/** Lines outside fenced code blocks; throws when a fence is left open. */
function outsideFences(md: string): string {
  const out: string[] = [];
  let open: string | null = null;
  for (const line of md.split("\n")) {
    const fence = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (open === null && fence) open = fence;
    else if (
      open !== null &&
      fence &&
      fence[0] === open[0] &&
      fence.length >= open.length &&
      line.trim() === fence
    )
      open = null;
    else if (open === null) out.push(line);
  }
  if (open !== null) throw new Error(`unclosed code fence ${open}`);
  return out.join("\n");
}

/** Every <details> closed, never closed before it opened (outside code blocks). */
function expectBalancedHtml(md: string): void {
  const text = outsideFences(md);
  for (const tag of ["details", "summary", "pre"]) {
    let depth = 0;
    for (const m of text.matchAll(new RegExp(`<(/?)${tag}>`, "g"))) {
      depth += m[1] ? -1 : 1;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth, tag).toBe(0);
  }
}

/** Every row of every table has as many cell separators as its header. */
function expectTablesIntact(md: string): void {
  const tables: string[][] = [];
  let previous = "";
  for (const line of outsideFences(md).split("\n")) {
    if (line.startsWith("|") && previous.startsWith("|")) tables.at(-1)!.push(line);
    else if (line.startsWith("|")) tables.push([line]);
    previous = line;
  }
  expect(tables.length).toBeGreaterThan(1);
  const pipes = (l: string) => l.split("|").length;
  for (const rows of tables) for (const row of rows) expect(pipes(row), row).toBe(pipes(rows[0]!));
}

describe("escaping", () => {
  it.each([
    ["a|b", "a&#124;b"],
    ["line\nbreak", "line break"],
    ["<script>", "&lt;script&gt;"],
    ["@octocat", "&#64;&#8203;octocat"],
    ["fixes #12", "fixes &#35;&#8203;12"],
    ["C# is #fine", "C# is #fine"],
    [
      "`x` *y* _z_ [a](b) ~s~ $m$ \\",
      "&#96;x&#96; &#42;y&#42; &#95;z&#95; &#91;a&#93;(b) &#126;s&#126; &#36;m&#36; &#92;",
    ],
    ["nul\u0000bell\u0007", "nulbell"],
  ])("inline %j", (text, expected) => expect(escapeInline(text)).toBe(expected));

  it("keeps line breaks and markdown in <pre> text but not HTML or mentions", () => {
    expect(escapePre("a\n</pre>\"&'@x #1 *b*\n```\n~~~")).toBe(
      "a\n&lt;/pre&gt;&quot;&amp;&#39;&#64;&#8203;x &#35;&#8203;1 *b*\n&#96;&#96;&#96;\n&#126;&#126;&#126;",
    );
  });

  it("fences code with more backticks than it contains", () => {
    expect(codeBlock("a\n```\nb")).toBe("````\na\n```\nb\n````");
    expect(codeBlock("x", "sh")).toBe("```sh\nx\n```");
  });

  it("clips without splitting a surrogate pair", () => {
    expect(clipText("abcdef", 4)).toBe("abc…");
    expect(clipText("ab😀cd", 4)).toBe("ab…");
    expect(clipText("short", 10)).toBe("short");
  });

  it("strips what XML 1.0 forbids and keeps tabs, line breaks and astral characters", () => {
    expect(stripXmlIllegal("a\u0000b\u001bc\td\ne\uD800f😀\uFFFE")).toBe("abc\td\nef😀");
  });
});

describe("renderMarkdown", () => {
  it("all pass", () => {
    expect(normalise(renderMarkdown(scenarios.allPass()))).toMatchInlineSnapshot(`
      "<!-- llmops-report -->
      ## llmops eval

      **✅ PASSED: 2 suites compared, no significant drop beyond its margin**[^rule]

      | suite | model | pass rate | mean score | change (one-sided bound), p | cost / case | p95 latency | cases | verdict |
      |---|---|---|---|---|---|---|---|---|
      | qa | gpt-4o-mini | 97.5% → 100.0% | 0.975 → 1.000 | +2.5 pts (drop ≤ 1.7 pts), p = 1.000 | &#36;0.00040 → &#36;0.00040 | 800ms → 800ms | 1 improved | ✅ PASS |
      | summarize | gpt-4o -&gt; gpt-4.1-mini | 100.0% → 100.0% | 1.000 → 1.000 | ±0.0 pts (drop ≤ 13.9 pts), p = 1.000 | &#36;0.00040 → &#36;0.00040 | 800ms → 800ms | no change | ✅ PASS |

      ### ✅ Improved (1)

      - <code>q-improved</code> · qa &#91;gpt-4o-mini&#93; · score 0.000 → 1.000 (+1.000)

      ### Prompts compared

      - qa &#91;gpt-4o-mini&#93;: v1 → v2
      - summarize &#91;gpt-4o -&gt; gpt-4.1-mini&#93;: v1 → v2

      ### Cost, tokens and latency

      - **qa &#91;gpt-4o-mini&#93;**: &#36;0.0160 (&#36;0.00040 / case) · 6,000 tokens (4,800 in, 1,200 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms
      - **summarize &#91;gpt-4.1-mini&#93;**: &#36;0.0080 (&#36;0.00040 / case) · 3,000 tokens (2,400 in, 600 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms

      Run <code><run-id></code> at commit <code>0123456789ab</code>: 60 of 60 trials, &#36;0.0240 spent, <duration> · [CI job](https://github.com/acme/app/actions/runs/42)

      Reproduce locally:

      \`\`\`sh
      npx llmops eval --replay evals/
      \`\`\`

      [^rule]: Per suite and model, cases are paired by id and each case&#39;s score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar&#39;s exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p &lt; alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.
      "
    `);
  });

  it("a failing regression", () => {
    expect(normalise(renderMarkdown(scenarios.failing()))).toMatchInlineSnapshot(`
      "<!-- llmops-report -->
      ## llmops eval

      **❌ FAILED: qa &#91;gpt-4o-mini&#93;: fail: drop 38.3 pts (upper bound 63.5 pts, margin 3.0 pts), p = 0.031; cost per case +100.0% (allowed +20.0%)**[^rule]

      | suite | model | pass rate | mean score | change (one-sided bound), p | cost / case | p95 latency | cases | verdict |
      |---|---|---|---|---|---|---|---|---|
      | qa | gpt-4o-mini | 100.0% → 61.5% | 0.992 → 0.638 | -38.3 pts (drop ≤ 63.5 pts), p = 0.031 | &#36;0.00040 → &#36;0.00080 | 800ms → 800ms | 5 regressed, 1 new, 1 removed | ❌ FAIL |

      - ❌ **qa &#91;gpt-4o-mini&#93;**: 2 gates failed
        - quality: fail: drop 38.3 pts (upper bound 63.5 pts, margin 3.0 pts), p = 0.031
        - cost: cost per case +100.0% (allowed +20.0%)

      #### Pass rate by scorer

      | suite | model | scorer | pass rate |
      |---|---|---|---|
      | qa | gpt-4o-mini | exact (equals) | 100.0% → 66.7% |
      | qa | gpt-4o-mini | helpful (llm-rubric) | 100.0% → 0.0% |

      ### ❌ Regressions (5)

      <details><summary><code>r-capital</code> · qa &#91;gpt-4o-mini&#93; · score 1.000 → 0.000 · passed 1/1 → 0/1</summary>

      **Inputs** (<code>evals/qa.eval.yml:46</code>)

      <pre>question: What is the capital of France? (r-capital)</pre>

      **Expected**

      <pre>Paris</pre>

      **Before** (baseline, v1)

      <pre>Paris</pre>

      **After** (candidate, v2)

      <pre>Lyon</pre>

      | scorer | before | after |
      |---|---|---|
      | exact | 1.000, 1/1 passed: output equals expected | 0.000, 0/1 passed: expected &quot;Paris&quot;, got &quot;Lyon&quot; |

      </details>

      <details><summary><code>r-date</code> · qa &#91;gpt-4o-mini&#93; · score 1.000 → 0.000 · passed 1/1 → 0/1</summary>

      **Inputs** (<code>evals/qa.eval.yml:50</code>)

      <pre>question: What is the capital of France? (r-date)</pre>

      **Expected**

      <pre>Paris</pre>

      **Before** (baseline, v1)

      <pre>Paris</pre>

      **After** (candidate, v2)

      <pre>Lyon</pre>

      | scorer | before | after |
      |---|---|---|
      | exact | 1.000, 1/1 passed: output equals expected | 0.000, 0/1 passed: expected &quot;Paris&quot;, got &quot;Lyon&quot; |

      </details>

      <details><summary><code>r-math</code> · qa &#91;gpt-4o-mini&#93; · score 1.000 → 0.000 · passed 1/1 → 0/1</summary>

      **Inputs** (<code>evals/qa.eval.yml:54</code>)

      <pre>question: What is the capital of France? (r-math)</pre>

      **Expected**

      <pre>Paris</pre>

      **Before** (baseline, v1)

      <pre>4</pre>

      **After** (candidate, v2)

      <pre>5</pre>

      | scorer | before | after |
      |---|---|---|
      | exact | 1.000, 1/1 passed: output equals expected | 0.000, 0/1 passed: expected &quot;4&quot;, got &quot;5&quot; |

      </details>

      <details><summary><code>r-unit</code> · qa &#91;gpt-4o-mini&#93; · score 1.000 → 0.000 · passed 1/1 → 0/1</summary>

      **Inputs** (<code>evals/qa.eval.yml:62</code>)

      <pre>question: What is the capital of France? (r-unit)</pre>

      **Expected**

      <pre>Paris</pre>

      **Before** (baseline, v1)

      <pre>Paris</pre>

      **After** (candidate, v2)

      <pre>Lyon</pre>

      | scorer | before | after |
      |---|---|---|
      | exact | 1.000, 1/1 passed: output equals expected | 0.000, 0/1 passed: expected &quot;Paris&quot;, got &quot;Lyon&quot; |

      </details>

      <details><summary><code>r-tone</code> · qa &#91;gpt-4o-mini&#93; · score 0.900 → 0.300 · passed 1/1 → 0/1</summary>

      **Inputs** (<code>evals/qa.eval.yml:58</code>)

      <pre>question: What is the capital of France? (r-tone)</pre>

      **Expected**

      <pre>Paris</pre>

      **Before** (baseline, v1)

      <pre>Happy to help: the answer is 4.</pre>

      **After** (candidate, v2)

      <pre>4. Obviously.</pre>

      | scorer | before | after |
      |---|---|---|
      | helpful | 0.900, 1/1 passed: Polite and correct. | 0.300, 0/1 passed: Correct but curt; the rubric asks for a friendly tone. |

      </details>

      ### New and removed cases

      - qa &#91;gpt-4o-mini&#93;: new (1): <code>q-added</code>; removed (1): <code>q-old</code>

      ### Prompts compared

      - qa &#91;gpt-4o-mini&#93;: v1 → v2

      <details><summary>Prompt diff: <code>prompts/qa.prompt.yml</code> (against <code>origin/main</code>)</summary>

      \`\`\`diff
      @@ -1,2 +1,2 @@
      -system: Answer politely and precisely.
      +system: Answer briefly.
       user: '{{question}}'
      \`\`\`

      </details>

      ### Cost, tokens and latency

      - **qa &#91;gpt-4o-mini&#93;**: &#36;0.0104 (&#36;0.00080 / case) · 1,950 tokens (1,560 in, 390 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms

      Run <code><run-id></code> at commit <code>0123456789ab</code>: 13 of 13 trials, &#36;0.0104 spent, <duration> · [CI job](https://github.com/acme/app/actions/runs/42)

      Reproduce locally:

      \`\`\`sh
      npx llmops eval --replay evals/
      \`\`\`

      [^rule]: Per suite and model, cases are paired by id and each case&#39;s score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar&#39;s exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p &lt; alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.
      "
    `);
  });

  it("inconclusive, with three trials and a flaky case", () => {
    expect(normalise(renderMarkdown(scenarios.inconclusive()))).toMatchInlineSnapshot(`
      "<!-- llmops-report -->
      ## llmops eval

      **⚠️ INCONCLUSIVE: qa &#91;gpt-4o-mini&#93;: -22.2 pts in mean score, drop upper bound 55.4 pts vs margin 3.0 pts, p = 0.250; with 6 cases only drops above 65.6 pts are reliably detected; to catch a 3.0 pts drop 80% of the time: about 2872 cases (17196 more calls for baseline and candidate, about &#36;6.88); more trials alone would not do**[^rule]

      | suite | model | pass rate | mean score | change (one-sided bound), p | cost / case | p95 latency | cases | verdict |
      |---|---|---|---|---|---|---|---|---|
      | qa | gpt-4o-mini | 100.0% → 77.8% | 1.000 → 0.778 | -22.2 pts (drop ≤ 55.4 pts), p = 0.250 | &#36;0.0012 → &#36;0.0012 | 800ms → 800ms | 1 regressed, 1 flaky | ⚠️ INCONCLUSIVE |

      - ⚠️ **qa &#91;gpt-4o-mini&#93;**: -22.2 pts in mean score, drop upper bound 55.4 pts vs margin 3.0 pts, p = 0.250; with 6 cases only drops above 65.6 pts are reliably detected; to catch a 3.0 pts drop 80% of the time: about 2872 cases (17196 more calls for baseline and candidate, about &#36;6.88); more trials alone would not do

      ### ❌ Regressions (1)

      <details><summary><code>r-capital</code> · qa &#91;gpt-4o-mini&#93; · score 1.000 → 0.000 · passed 3/3 → 0/3</summary>

      **Inputs** (<code>evals/qa.eval.yml:30</code>)

      <pre>question: What is the capital of France? (r-capital)</pre>

      **Expected**

      <pre>Paris</pre>

      **Before** (baseline, v1, all 3 trials)

      <pre>Paris</pre>

      **After** (candidate, v2)

      trial 1, score 0.000:

      <pre>Lyon</pre>

      trial 2, score 0.000:

      <pre>Marseille</pre>

      trial 3, score 0.000:

      <pre>Lyon</pre>

      | scorer | before | after |
      |---|---|---|
      | exact | 1.000, 3/3 passed: output equals expected | 0.000, 0/3 passed: expected &quot;Paris&quot;, got &quot;Lyon&quot; |

      </details>

      ### 🎲 Flaky (1)

      - <code>f-flaky</code> · qa &#91;gpt-4o-mini&#93; · passed 2/3 (66.7%, 95% CI 20.8% to 93.9%) · score 1.000 → 0.667 (-0.333)

      ### Prompts compared

      - qa &#91;gpt-4o-mini&#93;: v1 → v2

      ### Cost, tokens and latency

      - **qa &#91;gpt-4o-mini&#93;**: &#36;0.0072 (&#36;0.0012 / case) · 2,700 tokens (2,160 in, 540 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms

      Run <code><run-id></code> at commit <code>0123456789ab</code>: 18 of 18 trials, &#36;0.0072 spent, <duration> · [CI job](https://github.com/acme/app/actions/runs/42)

      Reproduce locally:

      \`\`\`sh
      npx llmops eval --replay evals/
      \`\`\`

      [^rule]: Per suite and model, cases are paired by id and each case&#39;s score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar&#39;s exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p &lt; alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.
      "
    `);
  });

  it("a new suite", () => {
    expect(normalise(renderMarkdown(scenarios.newSuite()))).toMatchInlineSnapshot(`
      "<!-- llmops-report -->
      ## llmops eval

      **✅ PASSED: 1 suite compared, 1 new (no baseline yet), no significant drop beyond its margin**[^rule]

      | suite | model | pass rate | mean score | change (one-sided bound), p | cost / case | p95 latency | cases | verdict |
      |---|---|---|---|---|---|---|---|---|
      | extract | gpt-4o-mini | 80.0% | 0.800 | new | &#36;0.00040 | 800ms | 5 new | 🆕 NEW |
      | qa | gpt-4o-mini | 100.0% → 100.0% | 1.000 → 1.000 | ±0.0 pts (drop ≤ 13.9 pts), p = 1.000 | &#36;0.00040 → &#36;0.00040 | 800ms → 800ms | no change | ✅ PASS |

      ### New and removed cases

      - extract &#91;gpt-4o-mini&#93;: new (5): <code>e-miss</code>, <code>e00</code>, <code>e01</code>, <code>e02</code>, <code>e03</code>
        - failing new cases (1):
          - <code>e-miss</code> (0/1 trials pass): exact: expected &quot;Paris&quot;, got &quot;Lyon&quot;

      ### Prompts compared

      - extract &#91;gpt-4o-mini&#93;: v2 (no baseline)
      - qa &#91;gpt-4o-mini&#93;: v1 → v2

      ### Cost, tokens and latency

      - **extract &#91;gpt-4o-mini&#93;**: &#36;0.0020 (&#36;0.00040 / case) · 750 tokens (600 in, 150 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms
      - **qa &#91;gpt-4o-mini&#93;**: &#36;0.0080 (&#36;0.00040 / case) · 3,000 tokens (2,400 in, 600 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms

      Run <code><run-id></code> at commit <code>0123456789ab</code>: 25 of 25 trials, &#36;0.0100 spent, <duration> · [CI job](https://github.com/acme/app/actions/runs/42)

      Reproduce locally:

      \`\`\`sh
      npx llmops eval --replay evals/
      \`\`\`

      [^rule]: Per suite and model, cases are paired by id and each case&#39;s score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar&#39;s exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p &lt; alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.
      "
    `);
  });

  it("errors by error class", () => {
    expect(normalise(renderMarkdown(scenarios.errors()))).toMatchInlineSnapshot(`
      "<!-- llmops-report -->
      ## llmops eval

      **❌ FAILED: qa &#91;gpt-4o-mini&#93;: error rate 0.0% -&gt; 15.0% (3 of 20 calls failed; allowed rise 2.0%), p = 0.007**[^rule]

      | suite | model | pass rate | mean score | change (one-sided bound), p | cost / case | p95 latency | cases | verdict |
      |---|---|---|---|---|---|---|---|---|
      | qa | gpt-4o-mini | 100.0% → 85.0% | 1.000 → 0.850 | ±0.0 pts (drop ≤ 16.2 pts), p = 1.000 | &#36;0.00040 → unknown | 800ms → 800ms | 3 errored | ❌ FAIL |

      - ❌ **qa &#91;gpt-4o-mini&#93;**: 1 gate failed
        - errors: error rate 0.0% -&gt; 15.0% (3 of 20 calls failed; allowed rise 2.0%), p = 0.007

      ### 🚨 Errors (3 cases)

      - **qa &#91;gpt-4o-mini&#93;**: rate&#95;limit 2 trials, timeout 1 trial
      - <code>q17</code> · qa &#91;gpt-4o-mini&#93; · 1 of 1 trial failed · rate&#95;limit: “429 Rate limit reached for gpt-4o-mini”
      - <code>q18</code> · qa &#91;gpt-4o-mini&#93; · 1 of 1 trial failed · rate&#95;limit: “429 Rate limit reached for gpt-4o-mini”
      - <code>q19</code> · qa &#91;gpt-4o-mini&#93; · 1 of 1 trial failed · timeout: “Request timed out after 30000ms”

      ### Prompts compared

      - qa &#91;gpt-4o-mini&#93;: v1 → v2

      ### Cost, tokens and latency

      - **qa &#91;gpt-4o-mini&#93;**: &#36;0.0068 (&#36;0.00034 / case) · 2,550 tokens (2,040 in, 510 out) · no judge calls · latency p50 800ms / p95 800ms · TTFT p50 240ms

      Run <code><run-id></code> at commit <code>0123456789ab</code>: 20 of 20 trials, &#36;0.0068 spent, <duration> · [CI job](https://github.com/acme/app/actions/runs/42)

      Reproduce locally:

      \`\`\`sh
      npx llmops eval --replay evals/
      \`\`\`

      [^rule]: Per suite and model, cases are paired by id and each case&#39;s score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar&#39;s exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p &lt; alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.
      "
    `);
  });

  it("a run that did not complete shows the summary table only", () => {
    expect(normalise(renderMarkdown(scenarios.incomplete()))).toMatchInlineSnapshot(`
      "<!-- llmops-report -->
      ## llmops eval

      **⏹️ NOT COMPARED: the run did not complete (interrupted: 5 of 12 trials done; results and summary are saved), so no gate was decided**

      | suite | model | cases / trials | pass rate | mean score | cost / case | p95 latency | errors |
      |---|---|---|---|---|---|---|---|
      | qa | gpt-4o-mini | 5 / 5 | 100.0% | 1.000 | &#36;0.00040 | 800ms | 0 |

      Reproduce locally:

      \`\`\`sh
      npx llmops eval --replay evals/
      \`\`\`
      "
    `);
  });

  it("puts the marker first and the sections in order", () => {
    const md = renderMarkdown(oversizedInput(3));
    expect(md.startsWith("<!-- llmops-report -->\n")).toBe(true);
    const order = [
      "## llmops eval\n\n**",
      "| suite |",
      "### ❌ Regressions (3)",
      "### ✅ Improved",
      "### 🎲 Flaky",
      "### New and removed cases",
      "### 🚨 Errors",
      "### Prompts compared",
      "Prompt diff:",
      "### ⚠️ Drift",
      "### Cost, tokens and latency",
      "Reproduce locally:",
      "[^rule]:",
    ];
    const at = order.map((s) => md.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).not.toContain("cut to fit");
  });

  it("lists regressions worst first", () => {
    const md = renderMarkdown(oversizedInput(4));
    const ids = [...md.matchAll(/<summary><code>(reg-\d+)<\/code>/g)].map((m) => m[1]);
    expect(ids).toEqual(["reg-001", "reg-003", "reg-000", "reg-002"]);
  });
});

describe("renderMarkdown when the report is too long", () => {
  it("keeps the verdict, tables and the worst regressions, and says what it left out", () => {
    const input = oversizedInput(200);
    const md = renderMarkdown(input);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md.length).toBeGreaterThan(50_000);
    expectBalancedHtml(md);
    expect(outsideFences(md).length).toBeGreaterThan(0);
    const shown = [...md.matchAll(/<summary><code>reg-/g)].length;
    expect(shown).toBeGreaterThan(5);
    expect(md).toContain(`### ❌ Regressions (200; the worst ${shown} shown)`);
    const notice = /\*\*: (\d+) cases left out \((.*?)\), and the prompt diffs left out\./.exec(md);
    expect(notice).not.toBeNull();
    const parts = notice![2]!.split(", ");
    expect(parts[0]).toBe(`${200 - shown} regressed`);
    expect(parts.reduce((n, p) => n + Number.parseInt(p, 10), 0)).toBe(Number(notice![1]));
    const headings: Record<string, string> = {
      flaky: "### 🎲 Flaky",
      improved: "### ✅ Improved",
      errored: "### 🚨 Errors",
      "new and removed": "### New and removed",
    };
    for (const [name, heading] of Object.entries(headings)) {
      expect(md.includes(heading), name).toBe(!parts.some((p) => p.endsWith(` ${name}`)));
    }
    expect(parts.length).toBeGreaterThan(1);
    expect(md).toContain(
      `The full report: <code>.llmops/runs/2025-06-01T12-00-00-abc123/report.md</code>`,
    );
    expect(md.match(/<summary><code>reg-\d+/g)!.slice(0, 2)).toEqual([
      "<summary><code>reg-001",
      "<summary><code>reg-003",
    ]);
    expect(md).toContain("### Cost, tokens and latency");
    expect(md).toContain("[^rule]:");
  });

  it.each([300, 1_500, 4_000, 12_000, 30_000])(
    "stays within %i characters and valid",
    (maxChars) => {
      const md = renderMarkdown(oversizedInput(40), { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(md.startsWith("<!-- llmops-report -->")).toBe(true);
      expect(md.split("\n")[3]).toMatch(/^\*\*⚠️ INCONCLUSIVE: qa/);
      expect(md).toContain("cut to fit");
      expect(md.includes("[^rule]"), "a footnote without its definition").toBe(
        md.includes("[^rule]:"),
      );
      expectBalancedHtml(md);
    },
  );

  it("drops the prompt diffs before the case lists", () => {
    const full = renderMarkdown(oversizedInput(0));
    const diffStart = full.indexOf("<details><summary>Prompt diff:");
    const diffLength = full.indexOf("</details>", diffStart) + "</details>".length - diffStart;
    const md = renderMarkdown(oversizedInput(0), { maxChars: full.length - diffLength + 1000 });
    expect(md).not.toContain("Prompt diff:");
    expect(md).toContain("### ✅ Improved");
    expect(md).toContain("the prompt diffs left out");
  });
});

describe("renderMarkdown with hostile text", () => {
  const md = renderMarkdown(hostileInput());
  const text = outsideFences(md);

  it("never lets it close, open or inject HTML", () => {
    expectBalancedHtml(md);
    expect(text).not.toContain("<script");
    expect(text.match(/<\/details>/g)).toHaveLength(text.match(/<details>/g)!.length);
    expect(text.match(/<\/summary>/g)).toHaveLength(text.match(/<summary>/g)!.length);
    expect(text.match(/<!-- llmops-report -->/g)).toHaveLength(1);
  });

  it("never pings anyone or links an issue", () => {
    expect(text).not.toMatch(/@\w/);
    expect(text).not.toMatch(/(?<!&)#\d/);
    expect(text).toContain("&#64;&#8203;someone");
  });

  it("keeps table rows intact and strips control characters", () => {
    expectTablesIntact(md);
    expect(md).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it("keeps the prompt diff inside a fence it cannot close", () => {
    expect(md).toContain("````diff\n-old\n+```\n+</details></summary><script>");
    expect(md.match(/^`{3,}/gm)!.length % 2).toBe(0);
  });

  it("shows the hostile output escaped, whole", () => {
    expect(md).toContain(
      // Escape sequences go whole (ESC[31m, not just ESC), control characters too.
      escapePre(HOSTILE.replace("\u0000\u0007\u001b[31m", "")),
    );
  });
});
