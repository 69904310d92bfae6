import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScoringInputError } from './errors.js';
import { referenceImageBmp } from './reference-image.js';
import { parseTestSeed } from './seed.js';
import { buildTestSet, stepKey } from './test-set.js';
import { SEED, readShared, testSpec } from './test-support/fixtures.js';

describe('buildTestSet', () => {
  const seed = parseTestSeed(SEED);

  it('puts structured streams (zeros, text, image) before the random ones, padded to whole steps', () => {
    const spec = testSpec({ small: true });
    const set = buildTestSet(spec, seed, new Map());
    expect(set.streams.map((s) => s.name)).toEqual([
      'zeros',
      'text',
      'image',
      'random/0',
      'random/1',
      'random/2',
      'random/3',
    ]);
    for (const s of set.streams) expect(s.plain.length % 3).toBe(0);
    expect(set.streams[0]!.plain.every((w) => w === 0)).toBe(true);
    const text = new TextDecoder().decode(
      new Uint8Array(set.streams[1]!.plain.buffer).subarray(0, 40),
    );
    expect(text).toMatch(/^A marketplace for heavy compute/);
    expect(set.streams[2]!.plain.length).toBe(16_320); // 128 x 85 x 3 bytes as words
    expect(set.streams[3]!.plain).not.toEqual(set.streams[4]!.plain);
  });

  it('draws one short key per stream under short-key and one key word per plaintext word under otp', () => {
    const short = buildTestSet(testSpec({ small: true }), seed, new Map());
    for (const s of short.streams) expect(s.key.length).toBe(3);
    const otp = buildTestSet(testSpec({ small: true, regime: 'otp' }), seed, new Map());
    for (const s of otp.streams) expect(s.key.length).toBe(s.plain.length);
  });

  it('is a pure function of (spec, seed, files)', () => {
    const a = buildTestSet(testSpec({ small: true }), seed, new Map());
    const b = buildTestSet(testSpec({ small: true }), seed, new Map());
    expect(b).toEqual(a);
    const c = buildTestSet(
      testSpec({ small: true }),
      parseTestSeed(`0x${'5b'.repeat(32)}`),
      new Map(),
    );
    expect(c.streams[3]!.plain).not.toEqual(a.streams[3]!.plain);
  });

  it('adds the spec test files, BMP pixels big-endian, binary files little-endian', () => {
    const spec = testSpec({ small: true });
    spec.scoring.testFiles = [
      {
        name: 'e.bin',
        cid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
        format: 'binary',
      },
      {
        name: 'img.bmp',
        cid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
        format: 'bmp',
      },
    ];
    const e = readShared('bisuna/inputs/e.bin');
    const files = new Map([
      ['e.bin', e],
      ['img.bmp', readShared('bisuna/inputs/TestImage.bmp')],
    ]);
    const set = buildTestSet(spec, seed, files);
    const fileE = set.streams.find((s) => s.name === 'file/e.bin')!;
    expect(fileE.plain[0]).toBe(e[0]! | (e[1]! << 8));
    expect(fileE.plain.length).toBe(62_502); // 62,500 words padded to whole 3-word steps
    expect(set.streams.find((s) => s.name === 'file/img.bmp')!.plain).toEqual(
      set.streams[2]!.plain,
    );
    expect(() => buildTestSet(spec, seed, new Map())).toThrow(ScoringInputError);
    const notBmp = new Map([...files, ['img.bmp', new Uint8Array(100)]]);
    expect(() => buildTestSet(spec, seed, notBmp)).toThrow(/img\.bmp: not a BMP/);
    expect(() => buildTestSet(spec, seed, new Map())).toThrow(/'e.bin'.*not provided/);
  });

  it('embeds the reference TestImage.bmp byte for byte', () => {
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(referenceImageBmp())).toBe(hash(readShared('bisuna/inputs/TestImage.bmp')));
  });
});

describe('stepKey', () => {
  it('reads the short key cyclically and the otp key per step', () => {
    const out = new Uint16Array(3);
    expect([...stepKey('short-key', Uint16Array.of(1, 2), 1, 3, out)]).toEqual([2, 1, 2]);
    expect([...stepKey('otp', Uint16Array.of(1, 2, 3, 4, 5, 6), 1, 3, out)]).toEqual([4, 5, 6]);
  });
});
