import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SCORE, PPM, combineScore, toPpm, type ScoreFigures } from './formula.js';

const W = { nist: 1, correlation: 1, keySensitivity: 1, eve: 1 };
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
/** The figures of a cipher that ignores its key: the gate fails, every key term is 0. */
const keyFree: ScoreFigures = {
  ...ideal,
  weakestKeyFlip: 0,
  keyIndependentShare: 1,
  wrongKeyExcess: 0.97,
  affinityOnes: 0,
  knownPlaintextRecovered: 0.97,
};

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const figures = (perfect: boolean, gate: boolean | null) =>
  fc
    .record({
      totalBits: fc.integer({ min: 16, max: 1 << 24 }),
      missing: fc.integer({ min: 1, max: 1 << 24 }),
      nistPassFraction: fraction,
      nistUniformity: fraction,
      correlation: fraction,
      weakestKeyFlip:
        gate === null
          ? fraction
          : gate
            ? fc.double({ min: 0.25, max: 0.75, noNaN: true })
            : fraction,
      keyIndependentShare: gate
        ? fc.double({ min: 0, max: 0.01, noNaN: true })
        : fc.double({ min: 0.02, max: 1, noNaN: true }),
      wrongKeyExcess: gate ? fc.double({ min: 0, max: 0.5, noNaN: true }) : fraction,
      affinityOnes: fraction,
      relationFreeShare: fraction,
      knownPlaintextRecovered: fraction,
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
  structure: fc.double({ min: 0, max: 1000, noNaN: true }),
});

describe('combineScore', () => {
  it('gives an ideal pair the maximum, 3,000,000, and a key-free perfect pair at most 2,000,000', () => {
    const best = combineScore(ideal, W);
    expect(best.score).toBe(3_000_000n);
    expect(best.score).toBe(MAX_SCORE);
    expect(best.terms).toMatchObject({ keyGate: 1, perfect: 1, structure: PPM });
    const free = combineScore(keyFree, W);
    expect(free.terms.keyGate).toBe(0);
    expect(free.terms.keySensitivity).toBe(0);
    expect(free.terms.structure).toBe(0);
    expect(free.score).toBe(1_000_000n + (BigInt(free.terms.quality) * 999_999n) / 1_000_000n);
    const worthless = {
      ...keyFree,
      nistPassFraction: 0,
      nistUniformity: 0,
      correlation: 1,
      eveAdvantage: 1,
    };
    expect(combineScore(worthless, W).score).toBe(1_000_000n);
  });

  it('ranks imperfect pairs below perfect ones, and perfect pairs that fail the key gate below those that pass, whatever the other terms', () => {
    fc.assert(
      fc.property(
        figures(true, true),
        figures(true, false),
        figures(false, null),
        weights,
        (passing, failing, imperfect, w) => {
          const p = combineScore(passing, w);
          const f = combineScore(failing, w);
          const i = combineScore(imperfect, w);
          expect([p.terms.keyGate, f.terms.keyGate, i.terms.perfect]).toEqual([1, 0, 0]);
          expect(f.score).toBeLessThan(p.score);
          expect(i.score).toBeLessThan(f.score);
          expect(i.score).toBeGreaterThanOrEqual(0n);
          expect(p.score).toBeLessThanOrEqual(MAX_SCORE);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('draws the key gate where docs/scoring.md says: a quarter to three quarters per key bit, 1 % key-free bits, a wrong-key Bob within 1/4 of chance', () => {
    const gate = (f: Partial<ScoreFigures>) => combineScore({ ...ideal, ...f }, W).terms.keyGate;
    expect(gate({ weakestKeyFlip: 0.25 })).toBe(1);
    expect(gate({ weakestKeyFlip: 0.75 })).toBe(1);
    expect(gate({ weakestKeyFlip: 0.2499 })).toBe(0);
    expect(gate({ weakestKeyFlip: 0.7501 })).toBe(0);
    expect(gate({ keyIndependentShare: 0.01 })).toBe(1);
    expect(gate({ keyIndependentShare: 0.0101 })).toBe(0);
    expect(gate({ wrongKeyExcess: 0.5 })).toBe(1);
    expect(gate({ wrongKeyExcess: 0.5001 })).toBe(0);
    expect(gate({ keyIndependentShare: NaN })).toBe(0);
  });

  it('takes the weakest part of key sensitivity and of structure', () => {
    const r = combineScore(
      { ...ideal, weakestKeyFlip: 0.4, wrongKeyExcess: 0.1, knownPlaintextRecovered: 0.3 },
      W,
    );
    expect(r.terms).toMatchObject({
      keyAvalanche: 800_000,
      wrongKeyBob: 900_000,
      keySensitivity: 800_000,
      knownPlaintext: 700_000,
      structure: 700_000,
    });
    expect(combineScore({ ...ideal, relationFreeShare: 0.5 }, W).terms.structure).toBe(500_000);
  });

  it('leaves out what the otp regime does not measure (null), and counts an unmeasurable term (NaN) as 0', () => {
    const otp = {
      ...ideal,
      weakestKeyFlip: null,
      affinityOnes: null,
      relationFreeShare: null,
      knownPlaintextRecovered: null,
      nistPassFraction: 0,
      nistUniformity: 0,
    };
    const r = combineScore(otp, W);
    expect(r.terms.keyGate).toBe(1);
    expect(r.terms.quality).toBe(750_000); // nist 0, the other three terms 1, no structure term
    expect(combineScore({ ...ideal, affinityOnes: NaN }, W).terms.structure).toBe(0);
    expect(combineScore({ ...ideal, eveAdvantage: NaN }, W).terms.eve).toBe(0);
  });

  it('applies the weights, structure weighing 1 when the spec predates it', () => {
    const onlyEve = { nist: 0, correlation: 0, keySensitivity: 0, eve: 1, structure: 0 };
    expect(
      combineScore({ ...ideal, nistPassFraction: 0, eveAdvantage: 0.25 }, onlyEve).terms.quality,
    ).toBe(750_000);
    const noStructureWeight = combineScore({ ...ideal, relationFreeShare: 0 }, W).terms.quality;
    expect(noStructureWeight).toBe(800_000);
    expect(
      combineScore(ideal, { nist: 0, correlation: 0, keySensitivity: 0, eve: 0, structure: 0 })
        .terms.quality,
    ).toBe(0);
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

  it('rounds each term to ppm before combining', () => {
    expect(toPpm(0.1234564)).toBe(123_456);
    expect(toPpm(0.1234566)).toBe(123_457);
    expect(toPpm(-1)).toBe(0);
    expect(toPpm(2)).toBe(PPM);
    const r = combineScore({ ...ideal, weakestKeyFlip: 0.375 }, W);
    expect(r.terms.keySensitivity).toBe(750_000);
    expect(r.terms.quality).toBe(Math.floor((PPM * 4 + 750_000) / 5));
  });
});
