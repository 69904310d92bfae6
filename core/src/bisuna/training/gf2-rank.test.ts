import { describe, expect, it } from 'vitest';
import { Mt19937 } from '../random/mt19937.js';
import { BitRows } from './gf2-rank.js';

/** `steps × payloadWords` words of an mt19937 (a keystream with no structure). */
function randomKeystream(seed: number, words: number): Uint16Array {
  const mt = new Mt19937(seed);
  return Uint16Array.from({ length: words }, () => mt.next() & 0xffff);
}

describe('BitRows', () => {
  it('finds no linear relation in the windows of a random keystream', () => {
    const rows = new BitRows(3 * 3 * 16 + 1);
    rows.addWindows(randomKeystream(1, 3 * 300), 3, 3, 0);
    expect(rows.cols - rows.rank()).toBe(0);
  });

  it('counts one relation per bit when a lane repeats another', () => {
    const ks = randomKeystream(2, 3 * 300);
    for (let t = 0; t < 300; t++) ks[t * 3 + 2] = ks[t * 3]!;
    const rows = new BitRows(2 * 3 * 16 + 1);
    rows.addWindows(ks, 3, 2, 0);
    expect(rows.cols - rows.rank()).toBe(2 * 16); // lane 2 = lane 0 in each of the 2 steps
  });

  it('counts constant bits, and relations whose constant differs between keystreams', () => {
    const a = randomKeystream(3, 3 * 200).map((w) => w | 1);
    const b = randomKeystream(4, 3 * 200).map((w) => w & ~1);
    const one = new BitRows(16 * 3 + 1);
    one.addWindows(a, 3, 1, 0);
    expect(one.cols - one.rank()).toBe(3); // bit 0 of each lane
    // Bit 0 is 1 under one key and 0 under the other: relations with a per-key constant.
    const two = new BitRows(16 * 3 + 2);
    two.addWindows(a, 3, 1, 0);
    two.addWindows(b, 3, 1, 1);
    expect(two.cols - two.rank()).toBe(3);
  });

  it('ranks small matrices exactly', () => {
    const rows = new BitRows(40, 1);
    // Windows of one step of one 16-bit word: the words 1, 2, 3 (3 = 1 ^ 2) span 2 dimensions.
    rows.addWindows(Uint16Array.of(1, 2, 3), 1, 1, 0);
    expect(rows.rank()).toBe(3); // 1, 2, 3 plus the constant column: 1⊕2⊕3 = 0 but the constant is odd
  });
});
