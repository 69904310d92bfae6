import { describe, expect, it } from 'vitest';
import { pearson, streamCorrelation } from './correlation.js';
import { ncc } from './ncc.js';

describe('pearson', () => {
  it('computes the textbook correlation', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    // x = 1..5, y = [2, 1, 4, 3, 5]: r = 0.8
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('is NaN for constant or too short sequences', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1], [1])).toBeNaN();
  });
});

describe('streamCorrelation', () => {
  it('takes |Pearson| per lane so opposite-signed lanes do not cancel', () => {
    const plain = new Uint16Array(600);
    const cipher = new Uint16Array(600);
    for (let t = 0; t < 300; t++) {
      plain[2 * t] = t * 100;
      plain[2 * t + 1] = t * 100;
      cipher[2 * t] = t * 100; // +1
      cipher[2 * t + 1] = 65535 - t * 100; // -1
    }
    const c = streamCorrelation(plain, cipher, 2);
    expect(c.pearson).toBeCloseTo(1, 12);
    expect(pearson(plain, cipher)).toBeLessThan(0.5);
    expect(c.ncc).toBeCloseTo(Math.abs(ncc(cipher, plain)), 15);
  });
});
