import { describe, expect, it } from 'vitest';
import { readPopulation } from '../bisuna/index.js';
import { bitAccuracy } from './accuracy.js';
import { deriveWords, parseTestSeed } from './seed.js';
import { measureKeySensitivity } from './key-sensitivity.js';
import { kernelStepper, networkCipherPair } from './network-cipher.js';
import {
  SEED,
  copyModule,
  idealKeystreamPair,
  keyAdderModule,
  readShared,
} from './test-support/fixtures.js';

describe('measureKeySensitivity', () => {
  const seed = parseTestSeed(SEED);
  const plain = deriveWords(seed, 'ks-test', 1500);
  const job = {
    plain,
    key: Uint16Array.of(0x1234, 0xabcd, 0x0f0f),
    regime: 'short-key' as const,
    rngSeed: 1,
  };

  it('finds no change for copy networks that ignore the key inputs', () => {
    const pair = networkCipherPair(
      kernelStepper(copyModule(3, -1, 3)),
      kernelStepper(copyModule(3, -1, 3)),
      3,
    );
    const r = measureKeySensitivity(pair, [
      { job, bit: 5 },
      { job, bit: 40 },
    ]);
    expect(r.flipFraction).toBe(0);
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

  it('under short-key a perfect pair can make its ciphertext depend on the key beyond one bit per step', () => {
    // The old layout XOR-ed the key into both inputs, so the key cancelled for Bob and every
    // perfect pair changed exactly 1/48 of the bits (docs/scoring.md §5). With the key as inputs of
    // its own, a pair that folds it in through recurrent state (an add with carries) does better.
    const pair = networkCipherPair(
      kernelStepper(keyAdderModule(3)),
      kernelStepper(keyAdderModule(3)),
      3,
    );
    const acc = bitAccuracy(plain, pair.roundTrip([job])[0]!.decrypted);
    expect(acc.correct).toBe(acc.total);
    const trials = Array.from({ length: 48 }, (_, bit) => ({ job, bit }));
    expect(measureKeySensitivity(pair, trials).flipFraction).toBeGreaterThan(1.3 / 48);
  });

  it('under otp a U1 reference pair flips exactly the one ciphertext bit under the flipped key bit', () => {
    const alices = readPopulation(readShared('bisuna/U1/alicesCPAbisuna.dat'));
    const bobs = readPopulation(readShared('bisuna/U1/bobsCPAbisuna.dat'));
    const pair = networkCipherPair(
      kernelStepper(alices.cells[0]!.module),
      kernelStepper(bobs.cells[0]!.module),
      3,
    );
    const otpJob = { ...job, key: deriveWords(seed, 'ks-otp', 1500), regime: 'otp' as const };
    expect(measureKeySensitivity(pair, [{ job: otpJob, bit: 3 }]).flipFraction).toBe(1 / 24_000);
  });

  it('is NaN without trials', () => {
    expect(measureKeySensitivity(idealKeystreamPair(3), []).flipFraction).toBeNaN();
  });
});
