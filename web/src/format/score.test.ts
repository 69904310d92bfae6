import { describe, expect, it } from 'vitest';
import {
  MAX_SCORE as CORE_MAX_SCORE,
  PPM,
  combineScore,
  type ScoreFigures,
} from '@tem/core/scoring';
import {
  KEY_GATE_SCORE,
  MAX_SCORE,
  PERFECT_DECRYPTION_SCORE,
  SCORE_SCALE_TEXT,
  formatScore,
  scoreMeaning,
} from './score.js';

const ideal: ScoreFigures = {
  correctBits: 1000,
  totalBits: 1000,
  nistPassFraction: 1,
  nistUniformity: 1,
  correlation: 0,
  weakestKeyFlip: 0.5,
  keyIndependentShare: 0,
  wrongKeyExcess: 0,
  affinityOnes: 0.5,
  relationFreeShare: 1,
  knownPlaintextRecovered: 0,
  eveAdvantage: 0,
};
const worstQuality: Partial<ScoreFigures> = {
  nistPassFraction: 0,
  nistUniformity: 0,
  correlation: 1,
  affinityOnes: 0,
  relationFreeShare: 0,
  knownPlaintextRecovered: 1,
  eveAdvantage: 1,
};
const weights = { nist: 1, correlation: 1, keySensitivity: 1, eve: 1, structure: 1 };

describe('the score scale the site shows', () => {
  it("matches core's formula: the three bands and the maximum", () => {
    expect(PERFECT_DECRYPTION_SCORE).toBe(BigInt(PPM));
    expect(MAX_SCORE).toBe(CORE_MAX_SCORE);
    expect(combineScore(ideal, weights).score).toBe(MAX_SCORE);
    const gatePassed = combineScore({ ...ideal, ...worstQuality }, weights);
    expect(gatePassed.terms.keyGate).toBe(1);
    expect(gatePassed.score).toBeGreaterThanOrEqual(KEY_GATE_SCORE);
    expect(gatePassed.score).toBeLessThan(KEY_GATE_SCORE + 1_000_000n);
    const keyFree = combineScore(
      { ...ideal, ...worstQuality, weakestKeyFlip: 0, keyIndependentShare: 1, wrongKeyExcess: 1 },
      weights,
    );
    expect(keyFree.terms.keyGate).toBe(0);
    expect(keyFree.score).toBe(PERFECT_DECRYPTION_SCORE);
    const bestKeyFree = combineScore({ ...ideal, keyIndependentShare: 1 }, weights);
    expect(bestKeyFree.score).toBeLessThan(KEY_GATE_SCORE);
    const oneBitWrong = combineScore({ ...ideal, correctBits: 999 }, weights);
    expect(oneBitWrong.score).toBeLessThan(PERFECT_DECRYPTION_SCORE);
  });

  it('formats scores with separators and says what they mean', () => {
    expect(formatScore(349473n)).toBe('349,473');
    expect(formatScore(1_349_473n)).toBe('1,349,473');
    expect(formatScore(0n)).toBe('0');
    expect(formatScore(999n)).toBe('999');
    expect(scoreMeaning(2_349_473n)).toBe(
      'perfect decryption with a key-dependent cipher, quality 349,473 of 1,000,000',
    );
    expect(scoreMeaning(1_349_473n)).toContain('fails the key gate');
    expect(scoreMeaning(349_473n)).toContain('below the 1,000,000 of a perfect decryption');
    expect(SCORE_SCALE_TEXT).toContain('scores 2,000,000 plus its quality');
  });
});
