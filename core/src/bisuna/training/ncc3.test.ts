import { describe, expect, it } from 'vitest';
import { Mt19937Random } from '../random/mt19937.js';
import { ncc } from '../encryption/ncc.js';
import { ncc3, nccPlainTerms } from './ncc3.js';

describe('ncc3', () => {
  it('equals three reference ncc calls bit for bit', () => {
    const rng = new Mt19937Random(17);
    for (const n of [1, 2, 7, 149, 150, 151, 300, 450, 1000]) {
      for (let trial = 0; trial < 5; trial++) {
        const word = () => (trial === 4 ? 7 : rng.randU16(0, 65535));
        const a = Uint16Array.from({ length: n }, word);
        const b = trial === 1 ? a.slice() : Uint16Array.from({ length: n }, word);
        const o = trial === 2 ? a.map((x) => ~x & 0xffff) : Uint16Array.from({ length: n }, word);
        const [ab, ao, bo] = ncc3(a, b, nccPlainTerms(o, n));
        expect(Object.is(ab, ncc(a, b))).toBe(true);
        expect(Object.is(ao, ncc(a, o))).toBe(true);
        expect(Object.is(bo, ncc(b, o))).toBe(true);
      }
    }
  });
});
