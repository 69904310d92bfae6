import { describe, expect, it } from 'vitest';
import { PPM, combineScore, type ScoreFigures } from '@tem/core/scoring';
import {
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
  keyFlipFraction: 0.5,
  eveAdvantage: 0,
};
const weights = { nist: 1, correlation: 1, keySensitivity: 1, eve: 1 };

describe('the score scale the site shows', () => {
  it("matches core's formula: perfect decryption starts the scale, perfect quality ends it", () => {
    expect(PERFECT_DECRYPTION_SCORE).toBe(BigInt(PPM));
    expect(combineScore(ideal, weights).score).toBe(MAX_SCORE);
    const worstPerfect = combineScore(
      {
        ...ideal,
        nistPassFraction: 0,
        nistUniformity: 0,
        correlation: 1,
        keyFlipFraction: 0,
        eveAdvantage: 1,
      },
      weights,
    );
    expect(worstPerfect.score).toBe(PERFECT_DECRYPTION_SCORE);
    const oneBitWrong = combineScore({ ...ideal, correctBits: 999 }, weights);
    expect(oneBitWrong.score).toBeLessThan(PERFECT_DECRYPTION_SCORE);
  });

  it('formats scores with separators and says what they mean', () => {
    expect(formatScore(349473n)).toBe('349,473');
    expect(formatScore(1_349_473n)).toBe('1,349,473');
    expect(formatScore(0n)).toBe('0');
    expect(formatScore(999n)).toBe('999');
    expect(scoreMeaning(1_349_473n)).toBe('perfect decryption, quality 349,473 of 1,000,000');
    expect(scoreMeaning(349_473n)).toContain('below the 1,000,000 of a perfect decryption');
    expect(SCORE_SCALE_TEXT).toContain('scores 1,000,000 plus its quality');
  });
});
