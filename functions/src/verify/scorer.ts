import type { ScoreInput, ScoreReport } from '@tem/core/scoring';

/** What a scorer gets and returns: the types of `scoreSubmission` in `@tem/core/scoring`. */
export type { ScoreInput, ScoreReport };

/** Scores a submission deterministically; throws an error named `BundleError` for bad bundles. */
export type Scorer = (input: ScoreInput) => Promise<ScoreReport>;

/** The production scorer: `scoreSubmission` of `@tem/core/scoring`, imported at the first job. */
export const coreScorer: Scorer = async (input) => {
  const { scoreSubmission } = await import('@tem/core/scoring');
  return scoreSubmission(input);
};
