// No imports: `llmops --help` reads this without loading the comparison code.

/** The decision rule in one paragraph, in `llmops eval --help` and the report's footnote. */
export const DECISION_RULE =
  "Per suite and model, cases are paired by id and each case's score is averaged over its trials. A one-sided sign-flip permutation test (exact where possible; McNemar's exact test for pass/fail with one trial) asks whether the candidate scores lower; p-values are Holm-corrected across the suites of the run. FAIL when the drop is significant (p < alpha) and its upper confidence bound exceeds the margin; PASS when it is within the margin; INCONCLUSIVE when not significant but a drop larger than the margin cannot be ruled out. Flaky cases (passing some trials, failing others) are reported, not called regressions; failed calls count against the error-rate gate, not quality.";
