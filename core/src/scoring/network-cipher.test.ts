import { describe, expect, it } from 'vitest';
import { NeuronType, readPopulation, type Module } from '../bisuna/index.js';
import { randomGenome } from '../bisuna/test-support/random-genome.js';
import type { CipherJob } from './cipher.js';
import {
  kernelStepper,
  modulesCipherPair,
  networkCipherPair,
  referenceStepper,
} from './network-cipher.js';
import { wordsFromBytesLE } from './seed.js';
import { padToSteps } from './test-set.js';
import { KEYSTREAM_WARMUP_STEPS } from '../bisuna/training/key-layout.js';
import { addRotateModule, copyModule, datOf, readShared } from './test-support/fixtures.js';

/** The cell of a one-agent `.dat` (what the literal reference step runs on). */
const datCell = (m: Parameters<typeof datOf>[0][number]) => readPopulation(datOf([m])).cells[0]!;

describe('networkCipherPair', () => {
  it('reproduces the reference ExtraEncDec ciphertext and decryption of U1 agent 10 on e.bin (otp)', () => {
    const alices = readPopulation(readShared('bisuna/U1/alicesCPAbisuna.dat'));
    const bobs = readPopulation(readShared('bisuna/U1/bobsCPAbisuna.dat'));
    const plain = wordsFromBytesLE(readShared('bisuna/inputs/e.bin'));
    const key = wordsFromBytesLE(readShared('bisuna/U1/e.bin/Result.binPassword.bin'));
    const pair = networkCipherPair(
      kernelStepper(alices.cells[10]!.module),
      kernelStepper(bobs.cells[10]!.module),
      3,
    );
    const [trip] = pair.roundTrip([
      { plain: padToSteps(plain, 3), key: padToSteps(key, 3), regime: 'otp', rngSeed: 1 },
    ]);
    const enc = wordsFromBytesLE(readShared('bisuna/U1/e.bin/Result10Enc/Result10Enc.bin'));
    const dec = wordsFromBytesLE(readShared('bisuna/U1/e.bin/Result10Dec/Result10Dec.bin'));
    expect(trip!.cipher.subarray(0, plain.length)).toEqual(enc);
    expect(trip!.decrypted.subarray(0, plain.length)).toEqual(dec);
  });

  it('gives the same result over the kernel and the literal reference step', () => {
    const alices = readPopulation(readShared('bisuna/U1/alicesCPAbisuna.dat'));
    const bobs = readPopulation(readShared('bisuna/U1/bobsCPAbisuna.dat'));
    const job = {
      plain: Uint16Array.from({ length: 300 }, (_, i) => (i * 7919) & 0xffff),
      key: Uint16Array.of(1, 2, 3),
      regime: 'short-key' as const,
      rngSeed: 9,
    };
    for (const i of [2, 25]) {
      const fast = networkCipherPair(
        kernelStepper(alices.cells[i]!.module),
        kernelStepper(bobs.cells[i]!.module),
        3,
      );
      const slow = networkCipherPair(
        referenceStepper(alices.cells[i]!),
        referenceStepper(bobs.cells[i]!),
        3,
      );
      expect(fast.roundTrip([job, job])).toEqual(slow.roundTrip([job, job]));
    }
  });

  it('copies networks into NOT(key XOR plain) and decrypts exactly', () => {
    const pair = networkCipherPair(kernelStepper(copyModule(3)), kernelStepper(copyModule(3)), 3);
    const plain = Uint16Array.of(1, 2, 3, 0xffff, 0, 7);
    const key = Uint16Array.of(9, 8, 7, 6, 5, 4);
    const [trip] = pair.roundTrip([{ plain, key, regime: 'otp', rngSeed: 1 }]);
    expect([...trip!.cipher]).toEqual([...plain].map((p, i) => ~(p ^ key[i]!) & 0xffff));
    expect(trip!.decrypted).toEqual(plain);
  });

  it('short-key: steps both networks on the key and the counter after the warm-up, XORs their outputs into the data, over the kernel and the reference step alike', () => {
    const addRotate = addRotateModule(3, 3);
    const cell = datCell(addRotate);
    const job = {
      plain: Uint16Array.from({ length: 300 }, (_, i) => (i * 7919) & 0xffff),
      key: Uint16Array.of(0x1234, 0xabcd, 0x0f0f),
      regime: 'short-key' as const,
      rngSeed: 9,
    };
    const fast = networkCipherPair(kernelStepper(addRotate), kernelStepper(addRotate), 3);
    const slow = networkCipherPair(referenceStepper(cell), referenceStepper(cell), 3);
    const [trip] = fast.roundTrip([job]);
    expect(slow.roundTrip([job])).toEqual([trip]);
    expect(trip!.decrypted).toEqual(job.plain);
    expect(fast.decrypt([{ ...job, plain: trip!.cipher }])).toEqual([job.plain]);
    // The add-rotate keystream: x_j(s) = rotl(x_{j-1}(s-1)) + k_j from x = 0, lane j emits rotl(x_j).
    const rotl = (x: number) => ((x << 1) | (x >>> 15)) & 0xffff;
    let x = [0, 0, 0];
    for (let s = 0; s < KEYSTREAM_WARMUP_STEPS + 100; s++) {
      x = x.map((_, j) => (rotl(x[(j + 2) % 3]!) + job.key[j]!) & 0xffff);
      const t = s - KEYSTREAM_WARMUP_STEPS;
      if (t < 0) continue;
      for (let j = 0; j < 3; j++) {
        expect(trip!.cipher[t * 3 + j]).toBe(job.plain[t * 3 + j]! ^ rotl(x[j]!));
      }
    }
  });
});

describe('modulesCipherPair', () => {
  const jobs = (regime: 'otp' | 'short-key', seed: number): CipherJob[] =>
    [0, 1].map((s) => ({
      plain: Uint16Array.from({ length: 150 }, (_, i) => (i * 7919 + s * 31 + seed) & 0xffff),
      key: Uint16Array.from({ length: regime === 'otp' ? 150 : 3 }, (_, i) => (i * 40503) ^ seed),
      regime,
      rngSeed: seed + s,
    }));

  const expectSameOnBothEngines = (alice: Module, bob: Module, seed: number) => {
    const js = modulesCipherPair(alice, bob, 3, 'js');
    const wasm = modulesCipherPair(alice, bob, 3, 'wasm');
    for (const regime of ['otp', 'short-key'] as const) {
      const work = jobs(regime, seed);
      expect(wasm.roundTrip(work)).toEqual(js.roundTrip(work));
      expect(wasm.encrypt(work)).toEqual(js.encrypt(work));
      expect(wasm.decrypt(work)).toEqual(js.decrypt(work));
    }
  };

  it('gives the same ciphertexts and decryptions on WebAssembly as on the JavaScript kernel (U1 agents)', () => {
    const alices = readPopulation(readShared('bisuna/U1/alicesCPAbisuna.dat'));
    const bobs = readPopulation(readShared('bisuna/U1/bobsCPAbisuna.dat'));
    for (const i of [0, 2, 17, 25, 60]) {
      expectSameOnBothEngines(alices.cells[i]!.module, bobs.cells[i]!.module, i);
    }
  });

  it('draws for Random neurons in the same order on both engines, Alice alone when encrypting', () => {
    const genomes: Module[] = [];
    for (let seed = 1; genomes.length < 24; seed++) {
      const g = randomGenome(seed, { maxInputs: 7, maxOutputs: 5, favour: NeuronType.Random });
      if (g.params.nOutputs >= 3) genomes.push(g);
    }
    for (let i = 0; i < genomes.length; i += 2) {
      expectSameOnBothEngines(genomes[i]!, genomes[i + 1]!, 1000 + i);
    }
  });
});
