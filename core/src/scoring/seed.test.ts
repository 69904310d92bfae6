import { describe, expect, it } from 'vitest';
import { ScoringInputError } from './errors.js';
import {
  bytesFromWordsLE,
  deriveBytes,
  deriveWords,
  parseTestSeed,
  wordsFromBytesLE,
} from './seed.js';
import { HmacDrbg } from './hmac-drbg.js';

describe('test seed', () => {
  it('parses 0x-prefixed bytes32 hex', () => {
    const seed = parseTestSeed(`0x${'00'.repeat(31)}ff`);
    expect(seed.length).toBe(32);
    expect(seed[31]).toBe(255);
  });

  it.each([
    '',
    '0x',
    `${'00'.repeat(32)}`,
    `0x${'0'.repeat(63)}`,
    `0x${'g'.repeat(64)}`,
    `0x${'00'.repeat(33)}`,
  ])('rejects %j with a reason', (bad) => {
    expect(() => parseTestSeed(bad)).toThrow(ScoringInputError);
    expect(() => parseTestSeed(bad)).toThrow(/64 hex digits/);
  });

  it('derives each label from HMAC_DRBG(seed, nonce, label) and labels independently', () => {
    const seed = parseTestSeed(`0x${'01'.repeat(32)}`);
    const enc = new TextEncoder();
    const direct = new HmacDrbg(
      seed,
      enc.encode('tem-scoring/v1.0'),
      enc.encode('plain/random/0'),
    ).generate(64);
    expect(deriveBytes(seed, 'plain/random/0', 64)).toEqual(direct);
    expect(deriveBytes(seed, 'plain/random/1', 64)).not.toEqual(direct);
    expect(deriveWords(seed, 'plain/random/0', 32)).toEqual(wordsFromBytesLE(direct));
  });

  it('pairs bytes little-endian both ways', () => {
    expect([...wordsFromBytesLE(Uint8Array.of(1, 2, 3))]).toEqual([0x0201]);
    expect([...bytesFromWordsLE(Uint16Array.of(0x0201, 0xfffe))]).toEqual([1, 2, 0xfe, 0xff]);
  });
});

describe('derivation test vector (docs/scoring.md §2)', () => {
  it('matches the documented values, also computed with Python hashlib/hmac', () => {
    const seed = parseTestSeed(`0x${'00'.repeat(31)}01`);
    expect(Buffer.from(deriveBytes(seed, 'plain/random/0', 32)).toString('hex')).toBe(
      'f3c464dab034a527738b33f3a17914382c95270b7a67634ccb6725f163dfbece',
    );
    expect([...deriveWords(seed, 'key/random/0', 3)]).toEqual([0x9683, 0x8db6, 0xacc8]);
  });
});
