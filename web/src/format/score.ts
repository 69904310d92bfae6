/**
 * The cipher task's score scale, in one place for every page (docs/scoring.md, formula version 2):
 * a pair whose Bob decrypts every test bit scores 1,000,000 plus its quality (0 to 1,000,000);
 * any other pair scores below 1,000,000. `score.test.ts` checks these figures against core's
 * formula (`combineScore`), which the site does not import: the scoring module is too large for
 * the first page.
 */
export const PERFECT_DECRYPTION_SCORE = 1_000_000n;

/** The highest score the formula gives: perfect decryption and perfect quality. */
export const MAX_SCORE = 2_000_000n;

/** A score with thousands separators: 1349473n → "1,349,473". */
export function formatScore(score: bigint): string {
  const negative = score < 0n;
  const digits = (negative ? -score : score).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${digits}`;
}

/** What a score says about its pair, in a few words. */
export function scoreMeaning(score: bigint): string {
  if (score >= PERFECT_DECRYPTION_SCORE) {
    const quality = score - PERFECT_DECRYPTION_SCORE;
    const ofMax = MAX_SCORE - PERFECT_DECRYPTION_SCORE;
    return `perfect decryption, quality ${formatScore(quality > ofMax ? ofMax : quality)} of ${formatScore(ofMax)}`;
  }
  return 'Bob missed some bits (below the 1,000,000 of a perfect decryption)';
}

/** The scale in one sentence, for legends and help texts. */
export const SCORE_SCALE_TEXT =
  `Scores run from 0 to ${formatScore(MAX_SCORE)}. A pair whose Bob decrypts every test bit ` +
  `scores ${formatScore(PERFECT_DECRYPTION_SCORE)} plus its quality (ciphertext randomness, no ` +
  `correlation, key sensitivity, a fresh Eve's failure: up to ` +
  `${formatScore(MAX_SCORE - PERFECT_DECRYPTION_SCORE)} more); a pair that gets any bit wrong ` +
  `scores below ${formatScore(PERFECT_DECRYPTION_SCORE)}, mostly by its accuracy.`;
