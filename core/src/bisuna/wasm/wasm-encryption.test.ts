import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileGenome } from '../kernels/compiled-genome.js';
import { readPopulation } from '../format/dat-codec.js';
import { drawPassword, encryptStream } from '../encryption/encryption.js';
import { EncryptionInputError } from '../encryption/errors.js';
import { Mt19937Random } from '../random/mt19937.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { firstDifference } from '../test-support/compare.js';
import { bytesToWordsLE, wordsToBytesLE } from '../encryption/words.js';
import { encryptStreamWasm } from './wasm-kernel.js';

const DATA = new URL('../../../../../shared/data/bisuna/', import.meta.url);
const readData = (file: string) => new Uint8Array(readFileSync(new URL(file, DATA)));

describe('encryptStreamWasm', () => {
  it('reproduces the stored U1 e.bin results of agents 0..29 with the replayed RNG', () => {
    const alice = readPopulation(readData('U1/alicesCPAbisuna.dat'));
    const bob = readPopulation(readData('U1/bobsCPAbisuna.dat'));
    const plain = bytesToWordsLE(readData('inputs/e.bin'));
    const rng = new Mt19937Random(1605172632, 'libc++');
    rng.discard(719);
    const key = drawPassword(rng, plain.length);
    const jsRng = rng.clone();
    for (let i = 0; i < 30; i++) {
      const a = alice.cells[i]!;
      const b = bob.cells[i]!;
      const r = encryptStreamWasm(
        compileGenome(a.module),
        compileGenome(b.module),
        plain,
        key,
        rng,
        { aliceState: a.state, bobState: b.state },
      );
      const e = readData(`U1/e.bin/Result${i}Enc/Result${i}Enc.bin`);
      const d = readData(`U1/e.bin/Result${i}Dec/Result${i}Dec.bin`);
      expect(firstDifference(wordsToBytesLE(r.enc), e), `agent ${i} Enc`).toBe(-1);
      expect(firstDifference(wordsToBytesLE(r.dec), d), `agent ${i} Dec`).toBe(-1);
      const ka = new NetworkKernel(compileGenome(a.module), a.state);
      const kb = new NetworkKernel(compileGenome(b.module), b.state);
      encryptStream(ka, kb, plain, key, jsRng);
      // Peek through clones: an extra draw would shift the next agent's stream.
      expect(rng.clone().randU16(0, 65535), `RNG after agent ${i}`).toBe(
        jsRng.clone().randU16(0, 65535),
      );
    }
  }, 120_000);

  it('throws encryptStream errors for mismatched shapes and short keys', () => {
    const pop = readPopulation(readData('U1/alicesCPAbisuna.dat'));
    const g = compileGenome(pop.cells[0]!.module);
    const rng = new Mt19937Random(1, 'libc++');
    const plain = new Uint16Array(10);
    expect(() => encryptStreamWasm(g, g, plain, new Uint16Array(9), rng)).toThrow(
      EncryptionInputError,
    );
  });
});
