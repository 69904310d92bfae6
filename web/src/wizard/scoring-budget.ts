/**
 * The verifier's scoring budget that the wizard checks before a task is paid for: random test
 * streams × words per stream, at most this many words (core's `MAX_RANDOM_STREAM_WORDS`, which
 * `checkScoringBudget` enforces in every verifier). Copied rather than imported because core's
 * scoring module would load the BiSUNA engine with the wizard; `scoring-budget.test.ts` keeps
 * the two equal.
 */
export const MAX_SCORED_STREAM_WORDS = 1 << 22;
