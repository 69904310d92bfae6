import { describe, expect, it } from 'vitest';
import { formatNccPercent, formatPrintfF, ncc, nccLine } from './ncc.js';

describe('formatPrintfF', () => {
  it('prints six decimals rounded from the exact binary value, ties to even', () => {
    expect(formatPrintfF(100)).toBe('100.000000');
    expect(formatPrintfF(-2.147185)).toBe('-2.147185');
    // 100 + 1/128 = 100.0078125 exactly: a tie at the 7th decimal, printf keeps the even 2.
    expect(formatPrintfF(100.0078125)).toBe('100.007812');
    expect(formatPrintfF(100.0234375)).toBe('100.023438');
    // 0.1 is slightly above 0.1 in binary; 0.0000005 slightly below its decimal.
    expect(formatPrintfF(0.0000005)).toBe('0.000000');
    expect(formatPrintfF(-0)).toBe('-0.000000');
    expect(formatPrintfF(NaN)).toBe('nan');
    expect(formatPrintfF(-Infinity)).toBe('-inf');
  });
});

describe('ncc', () => {
  it('is -1 for different lengths and 1 for a sequence with itself', () => {
    expect(ncc([1, 2], [1, 2, 3])).toBe(-1);
    const a = Array.from({ length: 450 }, (_, i) => (i * 7919) % 65536);
    expect(ncc(a, a)).toBeCloseTo(1, 12);
  });

  it('uses integer-divided cumulative means and ignores the tail', () => {
    const a = Array.from({ length: 310 }, (_, i) => (i * 40503) & 0xffff);
    const b = Array.from({ length: 310 }, (_, i) => (i * 9973) & 0xffff);
    const withTail = ncc(a, b);
    expect(ncc(a.slice(0, 300), b.slice(0, 300))).toBe(withTail);
    // Short sequences use one chunk of their own length.
    expect(Number.isFinite(ncc(a.slice(0, 10), b.slice(0, 10)))).toBe(true);
  });

  it('formats the percentage through float32 like the reference', () => {
    expect(formatNccPercent(1)).toBe('100.000000');
    expect(nccLine(3, [1, 2], [1, 2], [1, 2, 3], 'e', 'd')).toBe(
      '3,100.000000,-100.000000,-100.000000,e,d',
    );
  });
});
