import { describe, expect, it } from 'vitest';
import { BitSequence } from './bit-sequence.js';
import { NistParameterError } from './errors.js';
import { NIST_TEST_NAMES } from './result.js';
import { runNistSuite } from './suite.js';
import { linearComplexityTest } from './tests/linear-complexity.js';
import { nonOverlappingTemplateTest } from './tests/non-overlapping-template.js';
import { randomExcursionsTest } from './tests/random-excursions.js';
import { serialTest } from './tests/serial.js';
import { universalTest } from './tests/universal.js';

const bits = (pattern: string, n: number) =>
  BitSequence.fromBitString(pattern.repeat(Math.ceil(n / pattern.length)).slice(0, n));

describe('inputs too short or too regular for a test', () => {
  it('an empty sequence is not applicable to any test, each with a reason', () => {
    const results = runNistSuite(new BitSequence(new Uint8Array(0), 0));
    expect(results.map((r) => r.name)).toEqual([...NIST_TEST_NAMES]);
    for (const r of results) {
      expect(r.applicable).toBe(false);
      expect(r.pValues).toEqual([]);
      expect(r.reason).toMatch(/^not applicable: /);
    }
  });

  it('names the length each test needs', () => {
    const results = runNistSuite(bits('0110', 100));
    const reason = (name: string) => results.find((r) => r.name === name)!.reason;
    expect(reason('LongestRun')).toBe(
      'not applicable: needs n >= 128 (the suite refuses shorter input), got n = 100',
    );
    expect(reason('Rank')).toMatch(/needs n >= 1024 \(one 32x32 matrix\), got n = 100/);
    expect(reason('BlockFrequency')).toMatch(/needs n >= 128/);
    expect(reason('OverlappingTemplate')).toMatch(/needs n >= 1032/);
    expect(reason('Universal')).toMatch(/needs n >= 387840/);
    expect(reason('LinearComplexity')).toMatch(/needs n >= 500/);
    expect(reason('RandomExcursions')).toMatch(/needs J >= 500/);
    expect(reason('NonOverlappingTemplate')).toBeUndefined();
    expect(universalTest(bits('01', 3000), { blockLength: 6, initBlocks: 640 }).reason).toBe(
      'not applicable: needs n >= 3846 (Q = 640 blocks of L = 6 bits and one more), got n = 3000',
    );
  });

  it('declines RandomExcursions when the walk has more cycles than the suite allows', () => {
    const r = randomExcursionsTest(bits('01', 20000));
    expect(r.applicable).toBe(false);
    expect(r.reason).toMatch(/more than max\(1000, n\/100\) = 1000 cycles/);
  });

  it.each(['0', '1', '01', '001', '0000000011111111'])(
    'degenerate input %s gives p-values in [0, 1], never NaN or a crash',
    (pattern) => {
      for (const r of runNistSuite(bits(pattern, 20000))) {
        for (const p of r.pValues) {
          expect(Number.isFinite(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1 + 1e-12);
        }
      }
    },
  );

  it('a constant sequence fails the frequency and runs tests outright', () => {
    const results = runNistSuite(bits('1', 20000), { only: ['Frequency', 'Runs'] });
    expect(results.map((r) => r.pValues[0])).toEqual([0, 0]);
  });
});

describe('parameters', () => {
  const seq = bits('0110100110010110', 4096);

  it('rejects out-of-range parameters with a typed error naming them', () => {
    expect(() => serialTest(seq, { blockLength: 40 })).toThrow(NistParameterError);
    expect(() => serialTest(seq, { blockLength: 40 })).toThrow(
      /Serial blockLength must be an integer in \[1, 22\], got 40/,
    );
    expect(() => nonOverlappingTemplateTest(seq, { templateLength: 1 })).toThrow(/templateLength/);
    expect(() => linearComplexityTest(seq, { blockLength: 0.5 })).toThrow(
      /LinearComplexity blockLength/,
    );
    expect(() => universalTest(seq, { blockLength: 6, initBlocks: 100 })).toThrow(
      /initBlocks must be an integer in \[640/,
    );
  });

  it('runs only the tests asked for, in the suite order', () => {
    const results = runNistSuite(seq, {
      only: ['Serial', 'Frequency'],
      serial: { blockLength: 3 },
    });
    expect(results.map((r) => r.name)).toEqual(['Frequency', 'Serial']);
  });
});
