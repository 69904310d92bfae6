import { describe, expect, it } from 'vitest';
import { Mt19937Random } from '../random/mt19937.js';
import { deriveSeed, fillRandPos16, LibcxxRandom, randPos, streamFor } from './random.js';

describe('training random streams', () => {
  it('LibcxxRandom draws exactly what Mt19937Random(libc++) draws', () => {
    for (const seed of [0, 1, 5489, 0xffffffff, 1605172632]) {
      const fast = new LibcxxRandom(seed);
      const ref = new Mt19937Random(seed, 'libc++');
      const pick = new Mt19937Random(seed ^ 0x5555, 'libc++');
      for (let i = 0; i < 3000; i++) {
        switch (i % 6) {
          case 0: {
            const lo = pick.randU16(0, 65535);
            const hi = lo + pick.randU16(0, 65535 - lo);
            expect(fast.randU16(lo, hi)).toBe(ref.randU16(lo, hi));
            break;
          }
          case 1:
            expect(fast.randU16(0, 65535)).toBe(ref.randU16(0, 65535));
            break;
          case 2:
            expect(fast.randFloat01()).toBe(ref.randFloat01());
            break;
          case 3:
            expect(fast.randFloat(-1, 1)).toBe(ref.randFloat(-1, 1));
            break;
          case 4: {
            const max = [0, 1, 2, 99, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1][i % 7]!;
            expect(fast.randUInt(max)).toBe(ref.randUInt(max));
            break;
          }
          default: {
            const k = pick.randU16(0, 16);
            expect(fast.randU16(0, k)).toBe(ref.randU16(0, k));
          }
        }
      }
    }
  });

  it('derives distinct, stable seeds per path and a stream drawing what its own engine would', () => {
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    const seeds = new Set<number>();
    for (let g = 0; g < 50; g++) for (let c = 0; c < 50; c++) seeds.add(deriveSeed(7, g, 3, c));
    expect(seeds.size).toBe(2500);
    expect(deriveSeed(2 ** 40 + 1, 1)).not.toBe(deriveSeed(1, 1));
    const own = new LibcxxRandom(deriveSeed(9, 1, 2));
    const stream = streamFor(9, 1, 2);
    for (let i = 0; i < 100; i++) expect(stream.randU16(0, i)).toBe(own.randU16(0, i));
  });

  it('streams sharing the thread engine draw what their own engines would, however interleaved', () => {
    const own = [0, 1, 2].map((c) => new LibcxxRandom(deriveSeed(9, 4, 3, c)));
    const shared = [0, 1, 2].map((c) => streamFor(9, 4, 3, c));
    const pick = new Mt19937Random(3);
    // Long runs on one stream, then switches: evicted streams resume on engines of their own.
    for (let i = 0; i < 4000; i++) {
      const c = i < 1500 ? Math.floor(i / 500) : pick.randU16(0, 2);
      expect(shared[c]!.randUInt(2 ** 32 - 1)).toBe(own[c]!.randUInt(2 ** 32 - 1));
    }
    const late = streamFor(9, 4, 3, 7);
    const lateOwn = new LibcxxRandom(deriveSeed(9, 4, 3, 7));
    for (let i = 0; i < 700; i++) expect(late.randFloat(-1, 1)).toBe(lateOwn.randFloat(-1, 1));
  });

  it('fills words as randPos(65535) draws one by one would, on any source', () => {
    for (const [fast, slow] of [
      [streamFor(3, 1), new LibcxxRandom(deriveSeed(3, 1))],
      [new LibcxxRandom(5), new Mt19937Random(5)],
      [new Mt19937Random(6), new Mt19937Random(6)],
    ] as const) {
      for (const n of [1, 450, 700]) {
        const words = new Uint16Array(n);
        fillRandPos16(fast, words);
        expect(Array.from(words)).toEqual(Array.from({ length: n }, () => randPos(slow, 65535)));
        expect(fast.randU16(0, 9)).toBe(slow.randU16(0, 9));
      }
    }
  });
});
