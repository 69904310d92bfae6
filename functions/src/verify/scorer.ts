import type { AnyTaskSpec, KindScoreInput } from '@tem/core/kinds';
import type { ScoreReport } from '@tem/core/scoring';

/** What a scorer gets: a spec of any kind, the bundle's scored files, the test seed and files. */
export type ScoreInput = KindScoreInput<AnyTaskSpec>;
export type { ScoreReport };

/**
 * Scores a submission deterministically with the scorer of the spec's kind; throws an error
 * named `BundleError` for bad bundles, `ScoringInputError` for a spec it cannot score.
 */
export type Scorer = (input: ScoreInput) => Promise<ScoreReport>;

/** The production scorer: the spec's kind from `@tem/core/kinds`, imported at the first job. */
export const coreScorer: Scorer = async (input) => {
  const { kindOf } = await import('@tem/core/kinds');
  return kindOf(input.spec).score(input);
};
