import { describe, expect, it } from 'vitest';
import { igam, igamc, lgam } from './math/cephes.js';
import { erf, erfc, normalCdf } from './math/erf.js';
import { fft, realFft } from './math/fft.js';

function naiveDft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
      si += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return [outRe, outIm];
}

describe('fft', () => {
  // 2-5 and 4^k use the dedicated radices, 7..31 the generic one, 37, 97, 1009 Bluestein.
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 30, 49, 60, 64, 74, 97, 100, 210, 243, 1000, 1009])(
    'matches a direct DFT for n = %i',
    (n) => {
      const re = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + (i % 3));
      const im = Array.from({ length: n }, (_, i) => Math.cos(i * 0.3) - (i % 2));
      const [er, ei] = naiveDft(re, im);
      const xr = Float64Array.from(re);
      const xi = Float64Array.from(im);
      fft(xr, xi);
      for (let k = 0; k < n; k++) {
        expect(xr[k]).toBeCloseTo(er[k]!, 8);
        expect(xi[k]).toBeCloseTo(ei[k]!, 8);
      }
    },
  );

  it.each([2, 3, 4, 10, 11, 100, 101, 194, 1000])('realFft gives bins 0..n/2 for n = %i', (n) => {
    const x = Array.from({ length: n }, (_, i) => ((i * 7919) % 13 < 6 ? 1 : -1));
    const [er, ei] = naiveDft(x, new Array<number>(n).fill(0));
    const { re, im } = realFft(Float64Array.from(x));
    expect(re).toHaveLength(Math.floor(n / 2) + 1);
    for (let k = 0; k < re.length; k++) {
      expect(re[k]).toBeCloseTo(er[k]!, 8);
      expect(im[k]).toBeCloseTo(ei[k]!, 8);
    }
  });
});

describe('special functions', () => {
  it('erf and erfc agree with reference values, including the far tail', () => {
    const cases: [number, number][] = [
      [0, 1],
      [0.1, 0.887537083981715],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
      [-1, 1.8427007929497148],
    ];
    for (const [x, expected] of cases) {
      expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-14);
      expect(erf(x)).toBeCloseTo(1 - expected, 15);
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
  });

  it('igamc/igam are complementary and match closed forms', () => {
    for (const x of [0.1, 0.5, 1, 3, 10, 40]) {
      expect(igamc(1, x)).toBeCloseTo(Math.exp(-x), 14);
      expect(igamc(0.5, x)).toBeCloseTo(erfc(Math.sqrt(x)), 14);
      expect(igam(2.5, x) + igamc(2.5, x)).toBeCloseTo(1, 14);
    }
    expect(igamc(1.5, 0.5)).toBeCloseTo(0.8012519569012009, 15);
    expect(igamc(3, -1)).toBe(1);
  });

  it('lgam matches log Gamma', () => {
    expect(lgam(1)).toBe(0);
    expect(lgam(2)).toBe(0);
    expect(lgam(5)).toBeCloseTo(Math.log(24), 14);
    expect(lgam(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lgam(100)).toBeCloseTo(359.1342053695754, 10);
    expect(lgam(2000)).toBeCloseTo(13198.923448054265, 8);
    expect(lgam(13.5)).toBeCloseTo(21.2600761562447, 12);
  });
});
