/**
 * The cipher task's score scale, in one place for every page (docs/scoring.md, formula version 3):
 * a pair whose Bob decrypts every test bit and that passes the key gate (every key bit matters, no
 * key-independent ciphertext, a wrong key gets Bob nowhere) scores 2,000,000 plus its quality
 * (0 to 1,000,000); a pair that decrypts perfectly but fails the gate scores 1,000,000 to
 * 1,999,999; any other pair scores below 1,000,000. `score.test.ts` checks these figures against
 * core's formula (`combineScore`), which the site does not import: the scoring module is too large
 * for the first page.
 */
export const PERFECT_DECRYPTION_SCORE = 1_000_000n;

/** Where the scores of perfect pairs that pass the key gate (real ciphers) start. */
export const KEY_GATE_SCORE = 2_000_000n;

/** The highest score the formula gives: a real cipher of perfect quality. */
export const MAX_SCORE = 3_000_000n;

/** A score with thousands separators: 1349473n → "1,349,473". */
export function formatScore(score: bigint): string {
  const negative = score < 0n;
  const digits = (negative ? -score : score).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${digits}`;
}

/** What a score says about its pair, in a few words. */
export function scoreMeaning(score: bigint): string {
  const quality = (base: bigint) => {
    const ofMax = MAX_SCORE - KEY_GATE_SCORE;
    const q = score - base > ofMax ? ofMax : score - base;
    return `quality ${formatScore(q)} of ${formatScore(ofMax)}`;
  };
  if (score >= KEY_GATE_SCORE) {
    return `perfect decryption with a key-dependent cipher, ${quality(KEY_GATE_SCORE)}`;
  }
  if (score >= PERFECT_DECRYPTION_SCORE) {
    return `perfect decryption, but the cipher fails the key gate (below the ${formatScore(KEY_GATE_SCORE)} of a key-dependent one)`;
  }
  return `Bob missed some bits (below the ${formatScore(PERFECT_DECRYPTION_SCORE)} of a perfect decryption)`;
}

/** The scale in one sentence, for legends and help texts. */
export const SCORE_SCALE_TEXT =
  `Scores run from 0 to ${formatScore(MAX_SCORE)}. A pair whose Bob decrypts every test bit and ` +
  `whose ciphertext depends on every key bit scores ${formatScore(KEY_GATE_SCORE)} plus its quality ` +
  `(ciphertext randomness, no correlation, key sensitivity, no exploitable structure, a fresh Eve's ` +
  `failure: up to ${formatScore(MAX_SCORE - KEY_GATE_SCORE)} more); one that decrypts perfectly ` +
  `but barely uses its key scores ${formatScore(PERFECT_DECRYPTION_SCORE)} to ` +
  `${formatScore(KEY_GATE_SCORE - 1n)}; a pair that gets any bit wrong scores below ` +
  `${formatScore(PERFECT_DECRYPTION_SCORE)}, mostly by its accuracy.`;
