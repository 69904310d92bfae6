import { describe, expect, it } from 'vitest';
import type { CipherJob } from './cipher.js';
import {
  chanceMargin,
  excessOverChance,
  flipBit,
  keyIndependentShare,
  measureKeyAvalanche,
  measureWrongKeyBob,
} from './key-dependence.js';
import { modulesCipherPair } from './network-cipher.js';
import { deriveWords, parseTestSeed } from './seed.js';
import {
  SEED,
  idealKeystreamPair,
  keyFreePair,
  partialKeyPair,
  repeatingKeyModule,
} from './test-support/fixtures.js';

const seed = parseTestSeed(SEED);
const job = (i: number, words = 1026): CipherJob => ({
  plain: deriveWords(seed, `kd-test/plain/${i}`, words),
  key: deriveWords(seed, `kd-test/key/${i}`, 3),
  regime: 'short-key',
  rngSeed: i,
});
const keys = (n: number) => Array.from({ length: n }, (_, i) => deriveWords(seed, `kd/k/${i}`, 3));

describe('measureKeyAvalanche', () => {
  it('finds every bit of an ideal keystream cipher flipping half the ciphertext', () => {
    const r = measureKeyAvalanche(idealKeystreamPair(3), [job(0), job(1)]);
    expect(r.flips).toHaveLength(48);
    expect(r.flipFraction).toBeCloseTo(0.5, 2);
    expect(Math.abs(r.weakestFlip - 0.5)).toBeLessThan(0.02);
  });

  it('names a dead key bit as the weakest: the partial-key cipher reads the first key word only', () => {
    const r = measureKeyAvalanche(partialKeyPair(3), [job(0), job(1)]);
    expect(r.weakestFlip).toBe(0);
    expect(r.weakestBit).toBe(16); // the first bit of the second word
    expect(r.flips.slice(0, 16).every((f) => Math.abs(f - 0.5) < 0.03)).toBe(true);
  });

  it('sees a repeating key reach one bit per step and word', () => {
    const pair = modulesCipherPair(repeatingKeyModule(3, 3), repeatingKeyModule(3, 3), 3);
    const r = measureKeyAvalanche(pair, [job(0)]);
    expect(r.flipFraction).toBeCloseTo(1 / 48, 5);
  });
});

describe('keyIndependentShare', () => {
  it('is 1 for a cipher that ignores its key and 0 for an ideal one', () => {
    expect(keyIndependentShare(keyFreePair(3), job(0), keys(8))).toBe(1);
    expect(keyIndependentShare(idealKeystreamPair(3), job(0), keys(32))).toBe(0);
  });
});

describe('measureWrongKeyBob', () => {
  it('leaves Bob at chance with a wrong key of an ideal cipher, and decrypting with a key-free one', () => {
    const jobs = [job(0), job(1), job(2)];
    const ideal = measureWrongKeyBob(idealKeystreamPair(3), jobs, keys(3));
    expect(ideal.accuracy).toBeCloseTo(0.5, 1);
    expect(ideal.excess).toBe(0);
    const free = measureWrongKeyBob(keyFreePair(3), jobs, keys(3));
    expect(free).toEqual({ accuracy: 1, excess: 1 });
  });
});

describe('chance margins', () => {
  it('forgives four standard deviations and rescales the rest to [0, 1]', () => {
    expect(chanceMargin(1600)).toBeCloseTo(0.1);
    expect(excessOverChance(0.52, 1600)).toBe(0);
    expect(excessOverChance(1, 1600)).toBe(1);
    expect(excessOverChance(0, 1600)).toBe(1);
    expect(excessOverChance(0.775, 1600)).toBeCloseTo((0.55 - 0.1) / 0.9);
    expect(excessOverChance(1, 4)).toBe(0); // too few bits to tell anything
  });

  it('flips bit b of word b >> 4', () => {
    expect(Array.from(flipBit(Uint16Array.of(0, 0), 17))).toEqual([0, 2]);
  });
});
