import { describe, expect, it } from 'vitest';
import type { CipherJob } from './cipher.js';
import { linearRelations, measureAffinity, relationTestSteps } from './key-structure.js';
import { knownPlaintextAttack, type KnownPlaintextTrial } from './known-plaintext.js';
import { modulesCipherPair } from './network-cipher.js';
import { deriveUint32, deriveWords, parseTestSeed } from './seed.js';
import {
  SEED,
  addRotateModule,
  idealKeystreamPair,
  linearKeystreamPair,
  repeatingKeyModule,
} from './test-support/fixtures.js';
import type { CipherPair } from './cipher.js';

const seed = parseTestSeed(SEED);
const key = (label: string) => deriveWords(seed, label, 3);
const job: CipherJob = {
  plain: deriveWords(seed, 'ks/plain', 1026),
  key: key('ks/key'),
  regime: 'short-key',
  rngSeed: 1,
};
const triples = Array.from({ length: 8 }, (_, t) => {
  return [key(`t/${t}/a`), key(`t/${t}/b`), key(`t/${t}/c`)] as const;
});
const keystream = (pair: CipherPair, k: Uint16Array) =>
  pair.encrypt([
    { plain: new Uint16Array(relationTestSteps(3) * 3), key: k, regime: 'short-key', rngSeed: 1 },
  ])[0]!;
const addRotate = () => modulesCipherPair(addRotateModule(3, 3), addRotateModule(3, 3), 3);

describe('measureAffinity', () => {
  it('finds every sum zero for a linear keystream and half the bits set for a nonlinear one', () => {
    expect(measureAffinity(linearKeystreamPair(3), job, triples)).toEqual({
      ones: 0,
      affineShare: 1,
    });
    const ideal = measureAffinity(idealKeystreamPair(3), job, triples);
    expect(ideal.ones).toBeCloseTo(0.5, 2);
    expect(ideal.affineShare).toBeLessThan(0.01); // 2^-8 of the bits by chance with 8 triples
    // Carries make an add-rotate keystream nonlinear over GF(2).
    expect(measureAffinity(addRotate(), job, triples).ones).toBeGreaterThan(0.45);
  });
});

describe('linearRelations', () => {
  it('finds none in an ideal keystream, many in an LFSR, some in an add-rotate', () => {
    expect(linearRelations(keystream(idealKeystreamPair(3), job.key), 3)).toBe(0);
    // 144 bits of a window, a 48-bit state: 96 relations.
    expect(linearRelations(keystream(linearKeystreamPair(3), job.key), 3)).toBe(96);
    const r = linearRelations(keystream(addRotate(), job.key), 3);
    expect(r).toBeGreaterThan(0);
    expect(r).toBeLessThan(48);
  });
});

describe('knownPlaintextAttack', () => {
  const trials: KnownPlaintextTrial[] = [0, 1].map((e) => ({
    key: key(`kpa/${e}/key`),
    known: deriveWords(seed, `kpa/${e}/known`, 24),
    heldOut: deriveWords(seed, `kpa/${e}/held-out`, 1026),
    starts: [key(`kpa/${e}/s0`), key(`kpa/${e}/s1`)],
    rngSeed: deriveUint32(seed, `kpa/${e}/rng`),
  }));

  it('solves a linear keystream by Gaussian elimination', () => {
    const r = knownPlaintextAttack(linearKeystreamPair(3), 'short-key', trials);
    expect(r).toMatchObject({ recovered: 1, match: 1, trials: 2 });
  });

  it('climbs to a repeating key bit by bit', () => {
    const pair = modulesCipherPair(repeatingKeyModule(3, 3), repeatingKeyModule(3, 3), 3);
    expect(knownPlaintextAttack(pair, 'short-key', trials).recovered).toBe(1);
  });

  it('gets nowhere against an ideal keystream', () => {
    const r = knownPlaintextAttack(idealKeystreamPair(3), 'short-key', trials);
    expect(r.recovered).toBe(0);
    expect(r.match).toBeCloseTo(0.5, 1);
  });
});
