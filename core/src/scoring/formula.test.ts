import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PPM, combineScore, toPpm, type ScoreFigures } from './formula.js';

const W = { nist: 1, correlation: 1, keySensitivity: 1, eve: 1 };
const ideal: ScoreFigures = {
  correctBits: 1000,
  totalBits: 1000,
  nistPassFraction: 1,
  nistUniformity: 1,
  correlation: 0,
  keyFlipFraction: 0.5,
  eveAdvantage: 0,
};

describe('combineScore', () => {
  it('gives an ideal perfect pair 2,000,000 and a worthless perfect pair 1,000,000', () => {
    expect(combineScore(ideal, W).score).toBe(2_000_000n);
    const worthless = {
      ...ideal,
      nistPassFraction: 0,
      nistUniformity: 0,
      correlation: 1,
      keyFlipFraction: 0,
      eveAdvantage: 1,
    };
    expect(combineScore(worthless, W).score).toBe(1_000_000n);
  });

  it('ranks every imperfect pair below every perfect pair, whatever the other terms', () => {
    const fraction = fc.double({ min: 0, max: 1, noNaN: true });
    const figures = (perfect: boolean) =>
      fc
        .record({
          totalBits: fc.integer({ min: 16, max: 1 << 24 }),
          missing: fc.integer({ min: 1, max: 1 << 24 }),
          nistPassFraction: fraction,
          nistUniformity: fraction,
          correlation: fraction,
          keyFlipFraction: fraction,
          eveAdvantage: fraction,
        })
        .map(({ totalBits, missing, ...rest }) => ({
          ...rest,
          totalBits,
          correctBits: perfect ? totalBits : Math.max(0, totalBits - missing),
        }));
    const weights = fc.record({
      nist: fc.double({ min: 0, max: 1000, noNaN: true }),
      correlation: fc.double({ min: 0, max: 1000, noNaN: true }),
      keySensitivity: fc.double({ min: 0, max: 1000, noNaN: true }),
      eve: fc.double({ min: 0, max: 1000, noNaN: true }),
    });
    fc.assert(
      fc.property(figures(true), figures(false), weights, (good, bad, w) => {
        const g = combineScore(good, w);
        const b = combineScore(bad, w);
        expect(g.terms.perfect).toBe(1);
        expect(b.terms.perfect).toBe(0);
        expect(b.score).toBeLessThan(g.score);
        expect(b.score).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 500 },
    );
  });

  it('floors accuracy so that one wrong bit in 10^9 is still imperfect', () => {
    const r = combineScore({ ...ideal, totalBits: 1e9, correctBits: 1e9 - 1 }, W);
    expect(r.terms.accuracy).toBe(PPM - 1);
    expect(r.score).toBeLessThan(1_000_000n);
  });

  it('orders imperfect pairs by accuracy first', () => {
    const a = combineScore({ ...ideal, correctBits: 900 }, W).score;
    const b = combineScore({ ...ideal, correctBits: 800 }, W).score;
    expect(a).toBeGreaterThan(b);
  });

  it('applies the weights and treats NaN terms as worthless', () => {
    const onlyEve = { nist: 0, correlation: 0, keySensitivity: 0, eve: 1 };
    expect(
      combineScore({ ...ideal, nistPassFraction: 0, eveAdvantage: 0.25 }, onlyEve).terms.quality,
    ).toBe(750_000);
    expect(combineScore({ ...ideal, keyFlipFraction: NaN }, W).terms.keySensitivity).toBe(0);
    expect(
      combineScore(ideal, { nist: 0, correlation: 0, keySensitivity: 0, eve: 0 }).terms.quality,
    ).toBe(0);
  });

  it('rounds each term to ppm before combining', () => {
    expect(toPpm(0.1234564)).toBe(123_456);
    expect(toPpm(0.1234566)).toBe(123_457);
    expect(toPpm(-1)).toBe(0);
    expect(toPpm(2)).toBe(PPM);
    const r = combineScore({ ...ideal, keyFlipFraction: 0.25 }, W);
    expect(r.terms.keySensitivity).toBe(500_000);
    expect(r.terms.quality).toBe(Math.floor((PPM * 3 + 500_000) / 4));
  });
});
