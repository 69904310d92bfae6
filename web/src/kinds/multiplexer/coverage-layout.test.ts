import { describe, expect, it } from 'vitest';
import { caseAt, coverageLayout, rightPerAddress } from './coverage-layout.js';

describe('the truth table coverage grid', () => {
  it('holds every case once, one band per address, at most about 1,024 pixels wide', () => {
    for (const k of [1, 2, 3, 4]) {
      const layout = coverageLayout(k);
      const cases = 2 ** (k + 2 ** k);
      expect(layout.addresses * layout.patterns).toBe(cases);
      expect(layout.columns * layout.rowsPerAddress).toBe(layout.patterns);
      expect(layout.width).toBeLessThanOrEqual(1024);
      const seen = new Uint8Array(cases);
      for (let a = 0; a < layout.addresses; a++)
        for (let d = 0; d < layout.patterns; d++) seen[caseAt(layout, a, d)]! += 1;
      expect(seen.every((n) => n === 1)).toBe(true);
    }
    expect(coverageLayout(2)).toMatchObject({ columns: 16, cellWidth: 24, height: 102 });
    expect(coverageLayout(3)).toMatchObject({ columns: 256, cellWidth: 3, cellHeight: 14 });
  });

  it('counts the right cases per address: the band of address a holds the cases whose address bits are a', () => {
    const layout = coverageLayout(2);
    const right = new Uint8Array(64);
    // Right exactly on the cases of address 2 (inputs 4 and 5 = 0, 1) and on case 0.
    for (let c = 0; c < 64; c++) if (Math.floor(c / 16) === 2 || c === 0) right[c] = 1;
    expect(rightPerAddress(layout, right)).toEqual([1, 0, 16, 0]);
  });
});
