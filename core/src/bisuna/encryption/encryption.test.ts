import { readFileSync } from 'node:fs';
import { firstDifference } from '../test-support/compare.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptWithAgents, type EncryptionEngine } from './agent-encryption.js';
import { isWasmKernelAvailable } from '../wasm/index.js';
import { compileGenome } from '../kernels/compiled-genome.js';
import { readPopulation } from '../format/dat-codec.js';
import { drawPassword, encryptStream, resultFileName } from './encryption.js';
import { EncryptionInputError } from './errors.js';
import type { Population } from '../format/genome.js';
import { Mt19937Random } from '../random/mt19937.js';
import { nccLine } from './ncc.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { ReferenceStepper } from '../kernels/stepper.js';
import { bytesToWordsLE, wordsToBytesLE } from './words.js';

const DATA = new URL('../../../../../shared/data/bisuna/', import.meta.url);
const readData = (file: string) => new Uint8Array(readFileSync(new URL(file, DATA)));

const AGENTS = 100;
let alice: Population;
let bob: Population;
let plain: Uint16Array;
let key: Uint16Array;
const enc: Uint16Array[] = [];
const dec: Uint16Array[] = [];
/** The replay RNG positioned right before agent i's first draw. */
const rngBefore: Mt19937Random[] = [];

beforeAll(() => {
  alice = readPopulation(readData('U1/alicesCPAbisuna.dat'));
  bob = readPopulation(readData('U1/bobsCPAbisuna.dat'));
  plain = bytesToWordsLE(readData('inputs/e.bin'));
  const rng = new Mt19937Random(1605172632, 'libc++');
  rng.discard(719);
  key = drawPassword(rng, plain.length);
  for (let i = 0; i < AGENTS; i++) {
    rngBefore.push(rng.clone());
    const [r] = encryptWithAgents({ alice, bob, plain, key, rng, agents: [i] });
    enc.push(r!.enc);
    dec.push(r!.dec);
  }
});

describe('U1 e.bin, all agents with the replayed RNG stream', () => {
  it('the replayed password equals the stored one', () => {
    const stored = readData('U1/e.bin/Result.binPassword.bin');
    expect(firstDifference(wordsToBytesLE(key), stored)).toBe(-1);
  });

  it('agents 0..29 reproduce the stored Enc and Dec files byte for byte', () => {
    for (let i = 0; i < 30; i++) {
      const e = readData(`U1/e.bin/Result${i}Enc/Result${i}Enc.bin`);
      const d = readData(`U1/e.bin/Result${i}Dec/Result${i}Dec.bin`);
      expect(firstDifference(wordsToBytesLE(enc[i]!), e), `agent ${i} Enc`).toBe(-1);
      expect(firstDifference(wordsToBytesLE(dec[i]!), d), `agent ${i} Dec`).toBe(-1);
    }
  });

  it('the NCC line of every agent equals log.txt', () => {
    const log = new TextDecoder().decode(readData('U1/e.bin/log.txt')).split('\n');
    const expected = log.filter((l) => /^\d+,/.test(l));
    expect(expected).toHaveLength(AGENTS);
    for (let i = 0; i < AGENTS; i++) {
      const encPath = `U1-Trial1/e.bin/${resultFileName('Result.bin', i, 'Enc')}`;
      const decPath = `U1-Trial1/e.bin/${resultFileName('Result.bin', i, 'Dec')}`;
      expect(nccLine(i, enc[i]!, dec[i]!, plain, encPath, decPath)).toBe(expected[i]);
    }
  });

  const expectEngineAgrees = (engine: EncryptionEngine, agents: number[]) => {
    for (const i of agents) {
      const rng = rngBefore[i]!.clone();
      const [r] = encryptWithAgents({ alice, bob, plain, key, rng, agents: [i], engine });
      expect(firstDifference(r!.enc, enc[i]!), `${engine}, agent ${i}`).toBe(-1);
      expect(firstDifference(r!.dec, dec[i]!), `${engine}, agent ${i}`).toBe(-1);
    }
  };

  it('the JavaScript kernel agrees with the default (WebAssembly) engine on every agent', () => {
    expect(isWasmKernelAvailable()).toBe(true);
    expectEngineAgrees(
      'compiled',
      Array.from({ length: AGENTS }, (_, i) => i),
    );
  });

  it('the literal reference step agrees with the default engine (agents 2, 17, 25)', () => {
    expectEngineAgrees('reference', [2, 17, 25]);
  });

  it('replay mode runs the skipped agents so agent 25 still matches', () => {
    const rng = new Mt19937Random(1605172632, 'libc++');
    rng.discard(719 + plain.length);
    const results = [
      ...encryptWithAgents({ alice, bob, plain, key, rng, agents: [25], replay: true }),
    ];
    expect(results.map((r) => r.index)).toEqual([25]);
    expect(firstDifference(results[0]!.enc, enc[25]!)).toBe(-1);
  });
});

describe('encryptStream', () => {
  it('rejects a key shorter than the input and mismatched network shapes', () => {
    const a = new NetworkKernel(compileGenome(alice.cells[0]!.module));
    const b = new NetworkKernel(compileGenome(bob.cells[0]!.module));
    const rng = new Mt19937Random(1);
    expect(() => encryptStream(a, b, new Uint16Array(10), new Uint16Array(9), rng)).toThrow(
      EncryptionInputError,
    );
    expect(() => encryptStream(a, b, new Uint16Array(10), new Uint16Array(10), rng, 4)).toThrow(
      /chunk 4/,
    );
  });

  it('pads the last partial chunk with zeros (agent 0 decrypts every word)', () => {
    const a = new ReferenceStepper(structuredClone(alice.cells[0]!));
    const b = new ReferenceStepper(structuredClone(bob.cells[0]!));
    const p = Uint16Array.from({ length: 7 }, (_, i) => i * 977);
    const k = Uint16Array.from({ length: 7 }, (_, i) => 65535 - i * 13);
    const r = encryptStream(a, b, p, k, new Mt19937Random(2));
    expect(r.enc).toHaveLength(7);
    expect(r.dec).toEqual(p);
    expect(Array.from(r.enc)).toEqual(Array.from(p, (x, i) => ~(x ^ k[i]!) & 0xffff));
  });
});
