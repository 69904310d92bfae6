import { describe, expect, it } from 'vitest';
import { ksDistanceUniform, randomnessFigures } from './randomness.js';

describe('randomnessFigures', () => {
  it('counts each test once in the pass fraction, whatever its number of p-values', () => {
    const f = randomnessFigures([
      { name: 'Frequency', applicable: true, pValues: [0.005] },
      { name: 'NonOverlappingTemplate', applicable: true, pValues: [0.5, 0.5, 0.5, 0.001] },
      { name: 'Universal', applicable: false, pValues: [] },
    ]);
    expect(f.passFraction).toBeCloseTo((0 + 0.75) / 2, 12);
    expect(f.applicableTests).toBe(2);
    expect(f.pValues).toBe(5);
  });

  it('scores evenly spread p-values as uniform and clustered ones as not', () => {
    const even = Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
    expect(
      randomnessFigures([{ name: 'x', applicable: true, pValues: even }]).uniformity,
    ).toBeCloseTo(0.995, 9);
    const zeros = Array.from({ length: 100 }, () => 0);
    expect(randomnessFigures([{ name: 'x', applicable: true, pValues: zeros }]).uniformity).toBe(0);
  });

  it('is NaN when no test applies, and NaN p-values fail', () => {
    expect(randomnessFigures([]).passFraction).toBeNaN();
    expect(randomnessFigures([{ name: 'x', applicable: true, pValues: [NaN] }]).passFraction).toBe(
      0,
    );
  });

  it('computes the Kolmogorov-Smirnov distance', () => {
    expect(ksDistanceUniform([0.5])).toBe(0.5);
    expect(ksDistanceUniform([0.25, 0.75])).toBeCloseTo(0.25, 12);
  });
});
