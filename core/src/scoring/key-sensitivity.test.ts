import { describe, expect, it } from 'vitest';
import { readPopulation } from '../bisuna/index.js';
import { bitAccuracy } from './accuracy.js';
import { deriveWords, parseTestSeed } from './seed.js';
import { measureKeySensitivity } from './key-sensitivity.js';
import { kernelStepper, networkCipherPair } from './network-cipher.js';
import { SEED, copyModule, idealKeystreamPair, readShared } from './test-support/fixtures.js';

describe('measureKeySensitivity', () => {
  const seed = parseTestSeed(SEED);
  const plain = deriveWords(seed, 'ks-test', 1500);
  const job = {
    plain,
    key: Uint16Array.of(0x1234, 0xabcd, 0x0f0f),
    regime: 'short-key' as const,
    rngSeed: 1,
  };

  it('finds 1/48 of the bits changing for copy networks under a 3-word short key', () => {
    const pair = networkCipherPair(kernelStepper(copyModule(3)), kernelStepper(copyModule(3)), 3);
    const r = measureKeySensitivity(pair, [
      { job, bit: 5 },
      { job, bit: 40 },
    ]);
    expect(r.flipFraction).toBeCloseTo(1 / 48, 12);
    expect(r.trials).toBe(2);
  });

  it('finds about half the bits changing for a keystream cipher', () => {
    const r = measureKeySensitivity(idealKeystreamPair(3), [
      { job, bit: 0 },
      { job, bit: 47 },
    ]);
    expect(r.flipFraction).toBeGreaterThan(0.48);
    expect(r.flipFraction).toBeLessThan(0.52);
  });

  it('finds exactly 1/48 for every perfectly decrypting U1 pair under short-key (docs/scoring.md §5)', () => {
    const alices = readPopulation(readShared('bisuna/U1/alicesCPAbisuna.dat'));
    const bobs = readPopulation(readShared('bisuna/U1/bobsCPAbisuna.dat'));
    let perfect = 0;
    for (let i = 0; i < 12; i++) {
      const pair = networkCipherPair(
        kernelStepper(alices.cells[i]!.module),
        kernelStepper(bobs.cells[i]!.module),
        3,
      );
      const acc = bitAccuracy(plain, pair.roundTrip([job])[0]!.decrypted);
      if (acc.correct !== acc.total) continue;
      perfect++;
      expect(
        measureKeySensitivity(pair, [
          { job, bit: 3 },
          { job, bit: 33 },
        ]).flipFraction,
      ).toBe(1 / 48);
    }
    expect(perfect).toBeGreaterThanOrEqual(8);
  });

  it('is NaN without trials', () => {
    expect(measureKeySensitivity(idealKeystreamPair(3), []).flipFraction).toBeNaN();
  });
});
