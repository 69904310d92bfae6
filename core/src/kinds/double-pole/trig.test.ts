import { describe, expect, it } from 'vitest';
import { preciseTrig, ulpError } from './test-support/precise-trig.js';
import { cos, sin } from './trig.js';

/** A seeded stream of doubles in [-range, range]. */
function points(count: number, range: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const hi = s;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(((hi * 2 ** 21 + (s >>> 11)) / 2 ** 53) * 2 * range - range);
  }
  return out;
}

function worst(xs: number[]): { sin: number; cos: number } {
  let ws = 0;
  let wc = 0;
  for (const x of xs) {
    ws = Math.max(ws, ulpError(sin(x), preciseTrig(x, 'sin')));
    wc = Math.max(wc, ulpError(cos(x), preciseTrig(x, 'cos')));
  }
  return { sin: ws, cos: wc };
}

describe('sin and cos (IEEE arithmetic only)', () => {
  it('are within 1 ulp of a 300-bit reference on the angles a cart meets', () => {
    const e = worst(points(1500, 4, 1));
    expect(e.sin).toBeLessThan(1);
    expect(e.cos).toBeLessThan(1);
  });

  it('are within 1 ulp near multiples of π/2, for tiny and for large arguments', () => {
    const near = [];
    for (let k = -16; k <= 16; k++) {
      const x = (k * Math.PI) / 2;
      near.push(x, x + 2 ** -30, x - 2 ** -30, x * (1 + 2 ** -52));
    }
    const tiny = [1e-300, -5e-324, 2 ** -27, -(2 ** -20), 1e-8];
    const large = points(200, 2 ** 20, 7);
    for (const xs of [near, tiny, large]) {
      const e = worst(xs.filter((x) => x !== 0));
      expect(e.sin).toBeLessThan(1);
      expect(e.cos).toBeLessThan(1);
    }
  });

  it('give these exact bits (the same in every engine: only +, −, ×, ÷)', () => {
    const bits = (x: number) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x);
      return v.getBigUint64(0).toString(16);
    };
    expect([0.07, 0.628329, -1.25, 3, 100].map((x) => [bits(sin(x)), bits(cos(x))])).toEqual([
      ['3fb1e7c641e76101', '3fefebf01345c1ef'],
      ['3fe2cf34c7a518de', '3fe9e36ab3d53498'],
      ['bfee5e14fe11418c', '3fd42e3dd88bd952'],
      ['3fc210386db6d55b', 'bfefae04be85e5d2'],
      ['bfe03425b78c4db8', '3feb981dbf665fdf'],
    ]);
  });

  it('keep the sign of zero and give NaN for NaN and infinities', () => {
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(cos(0)).toBe(1);
    for (const x of [NaN, Infinity, -Infinity]) {
      expect(sin(x)).toBeNaN();
      expect(cos(x)).toBeNaN();
    }
  });
});
