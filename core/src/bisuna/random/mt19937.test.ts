import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Mt19937, Mt19937Random } from './mt19937.js';
import { bytesToWordsLE } from '../encryption/words.js';

const DATA = new URL('../../../../../shared/data/bisuna/', import.meta.url);
const readData = (file: string) => new Uint8Array(readFileSync(new URL(file, DATA)));

describe('Mt19937', () => {
  it('gives the standard outputs for the default seed', () => {
    const mt = new Mt19937();
    expect([mt.next(), mt.next(), mt.next()]).toEqual([3499211612, 581869302, 3890346734]);
    mt.discard(10000 - 4);
    expect(mt.next()).toBe(4123659995);
  });

  it('clones at the same stream position', () => {
    const a = new Mt19937(42);
    a.discard(700);
    const b = a.clone();
    expect(Array.from({ length: 1000 }, () => a.next())).toEqual(
      Array.from({ length: 1000 }, () => b.next()),
    );
  });

  it('discards in blocks to the same state as drawing, and reports its position', () => {
    for (const skip of [0, 1, 623, 624, 625, 1248, 2000]) {
      const drawn = new Mt19937(11);
      for (let i = 0; i < skip; i++) drawn.next();
      const skipped = new Mt19937(11);
      skipped.discard(skip);
      expect(skipped.position).toBe(skip);
      expect(drawn.position).toBe(skip);
      expect(Array.from({ length: 700 }, () => skipped.next())).toEqual(
        Array.from({ length: 700 }, () => drawn.next()),
      );
    }
  });
});

describe('Mt19937Random', () => {
  it('libc++ full-range u16 draws are the low 16 bits; libstdc++ the high 16 bits', () => {
    const raw = new Mt19937(7);
    const lo = new Mt19937Random(7, 'libc++');
    const hi = new Mt19937Random(7, 'libstdc++');
    for (let i = 0; i < 1000; i++) {
      const u = raw.next();
      expect(lo.randU16(0, 65535)).toBe(u & 0xffff);
      expect(hi.randU16(0, 65535)).toBe(u >>> 16);
    }
  });

  it('regenerates the stored U1 e.bin password (seed 1605172632, skip 719, low 16 bits)', () => {
    const password = bytesToWordsLE(readData('U1/e.bin/Result.binPassword.bin'));
    const rng = new Mt19937Random(1605172632, 'libc++');
    rng.discard(719);
    const drawn = Uint16Array.from(password, () => rng.randU16(0, 65535));
    expect(drawn).toEqual(password);
  });

  it('libc++ small ranges take the low bits of one draw and reject out-of-range values', () => {
    const raw = new Mt19937(99);
    const rng = new Mt19937Random(99, 'libc++');
    for (let i = 0; i < 2000; i++) {
      // range 3 uses 2 bits, rejecting 3
      let u: number;
      do u = raw.next() & 3;
      while (u >= 3);
      expect(rng.randU16(0, 2)).toBe(u);
    }
    for (let i = 0; i < 2000; i++) {
      let u: number;
      do u = raw.next() & 0x3ff;
      while (u >= 1000);
      expect(rng.randU16(5, 1004)).toBe(u + 5);
    }
  });

  it('libstdc++ small ranges use multiply-shift with rejection', () => {
    const raw = new Mt19937(5);
    const rng = new Mt19937Random(5, 'libstdc++');
    for (let i = 0; i < 2000; i++) {
      const range = 1 + (i % 1000);
      const threshold = (2 ** 32 - range) % range;
      let product: bigint;
      do product = BigInt(raw.next()) * BigInt(range);
      while (Number(product & 0xffffffffn) < threshold);
      expect(rng.randU16(0, range - 1)).toBe(Number(product >> 32n));
    }
  });

  it('randUInt covers the 32-bit range with one draw for the full range', () => {
    const raw = new Mt19937(3);
    const lib = new Mt19937Random(3, 'libc++');
    const std = new Mt19937Random(3, 'libstdc++');
    for (let i = 0; i < 100; i++) {
      const u = raw.next();
      expect(lib.randUInt(2 ** 32 - 1)).toBe(u);
      expect(std.randUInt(2 ** 32 - 1)).toBe(u);
    }
    const big = new Mt19937Random(11, 'libstdc++');
    for (let i = 0; i < 1000; i++) {
      const v = big.randUInt(3_000_000_000);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(3_000_000_000);
    }
  });

  it('uniform_real<float> is fround(u)/2^32, and only libstdc++ maps 1.0 down', () => {
    const raw = new Mt19937(1);
    const rng = new Mt19937Random(1, 'libstdc++');
    for (let i = 0; i < 1000; i++) {
      const u = raw.next();
      expect(rng.randFloat01()).toBe(Math.fround(u) / 2 ** 32);
    }
    // An engine output that rounds up to 2^32 in float.
    const top = { next: () => 0xffffffff } as unknown as Mt19937;
    expect(new Mt19937Random(0, 'libc++', top).randFloat01()).toBe(1);
    expect(new Mt19937Random(0, 'libstdc++', top).randFloat01()).toBe(1 - 2 ** -24);
    const f = new Mt19937Random(1, 'libc++').randFloat(-1, 1);
    expect(f).toBeGreaterThanOrEqual(-1);
    expect(f).toBeLessThan(1);
    expect(Math.fround(f)).toBe(f);
  });
});
