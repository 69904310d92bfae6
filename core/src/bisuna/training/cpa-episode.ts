import type { RandomSource } from '../genome.js';
import type { NetworkKernel } from '../network-kernel.js';
import type { KeyRegime } from './config.js';
import {
  adversaryReward,
  decryptionReward,
  diffSetReward,
  nccReward,
  CpaReward,
} from './cpa-rewards.js';
import { ncc } from '../ncc.js';
import { randPos } from './random.js';
import { WordSet } from './word-set.js';

/** The plaintexts and keys of one stream of `steps` steps of `payloadWords` words. */
export interface CipherStream {
  steps: number;
  payloadWords: number;
  /** steps × payloadWords plaintext words. */
  payloads: Uint16Array;
  /** `otp`: steps × payloadWords key words; `short-key`: the keyWords words of the one key. */
  keys: Uint16Array;
  regime: KeyRegime;
}

/**
 * Draws a stream: every plaintext word, then every key word, each `randPos(65535)` (the reference
 * draws payloads before keys).
 */
export function drawStream(
  rng: RandomSource,
  steps: number,
  payloadWords: number,
  keyWords: number,
  regime: KeyRegime,
): CipherStream {
  const payloads = new Uint16Array(steps * payloadWords);
  for (let i = 0; i < payloads.length; i++) payloads[i] = randPos(rng, 65535);
  const keys = new Uint16Array(regime === 'otp' ? steps * payloadWords : keyWords);
  for (let i = 0; i < keys.length; i++) keys[i] = randPos(rng, 65535);
  return { steps, payloadWords, payloads, keys, regime };
}

/** The key word XORed into plaintext word `j` of step `t`. */
export function keyWordAt(s: CipherStream, t: number, j: number): number {
  const i = t * s.payloadWords + j;
  return s.regime === 'otp' ? s.keys[i]! : s.keys[i % s.keys.length]!;
}

/** What one A&B episode produced. */
export interface PairEpisodeResult {
  /** Alice's and Bob's fitness: every step's reward (minus Eve's) plus the end-of-episode bonus. */
  fitness: number;
  /** Sum of the per-step decryption rewards alone. */
  decryption: number;
  /** Steps Bob decrypted exactly. */
  perfectSteps: number;
  /** Sum of Eve's per-step rewards (0 without Eve). */
  eveReward: number;
}

/**
 * Runs A&B episodes of the CPA environment (spec §11.2) with the reference's defects fixed:
 * full-integer rewards, one step per plaintext (no double advance with Eve), and Eve shown the
 * plaintext that produced the ciphertext. Holds its scratch buffers; reuse one per thread.
 */
export class PairEpisodeRunner {
  private readonly x: Uint16Array;
  private readonly a: Uint16Array;
  private readonly y: Uint16Array;
  private readonly b: Uint16Array;
  private readonly eveIn: Uint16Array;
  private readonly e = new Uint16Array(1);
  private readonly aSeq: Uint16Array;
  private readonly bSeq: Uint16Array;
  private readonly aSet = new WordSet();
  private readonly bSet = new WordSet();
  private readonly oSet = new WordSet();
  private readonly kSet = new WordSet();

  private keysFor: CipherStream | null = null;
  private keys: Uint16Array = new Uint16Array(0);

  constructor(
    readonly steps: number,
    readonly payloadWords: number,
  ) {
    this.x = new Uint16Array(payloadWords);
    this.a = new Uint16Array(payloadWords);
    this.y = new Uint16Array(payloadWords);
    this.b = new Uint16Array(payloadWords);
    this.eveIn = new Uint16Array(payloadWords * 3);
    this.aSeq = new Uint16Array(steps * payloadWords);
    this.bSeq = new Uint16Array(steps * payloadWords);
  }

  /** The key word of every plaintext word of the stream (cached for the last stream seen). */
  private expandedKeys(stream: CipherStream): Uint16Array {
    if (this.keysFor !== stream) {
      const n = stream.steps * stream.payloadWords;
      this.keys = stream.regime === 'otp' ? stream.keys : new Uint16Array(n);
      if (stream.regime !== 'otp')
        for (let i = 0; i < n; i++) this.keys[i] = stream.keys[i % stream.keys.length]!;
      this.keysFor = stream;
    }
    return this.keys;
  }

  /**
   * One episode of `stream` from freshly reset networks. `rng` feeds Random neurons (Alice, then
   * Bob, then Eve in each step) and Eve's coin and decoy words, in that program order.
   */
  run(
    alice: NetworkKernel,
    bob: NetworkKernel,
    eve: NetworkKernel | null,
    stream: CipherStream,
    rng: RandomSource,
    withBonus = true,
  ): PairEpisodeResult {
    const P = this.payloadWords;
    const { x, a, y, b, aSeq, bSeq, eveIn, e } = this;
    const { aSet, bSet, oSet, kSet } = this;
    const payloads = stream.payloads;
    const keys = this.expandedKeys(stream);
    alice.reset();
    bob.reset();
    eve?.reset();
    aSet.clear();
    bSet.clear();
    oSet.clear();
    kSet.clear();
    let fitness = 0;
    let decryption = 0;
    let perfectSteps = 0;
    let eveReward = 0;
    const steps = stream.steps;
    for (let t = 0; t < steps; t++) {
      const base = t * P;
      for (let j = 0; j < P; j++) x[j] = keys[base + j]! ^ payloads[base + j]!;
      alice.step(x, a, rng);
      for (let j = 0; j < P; j++) y[j] = keys[base + j]! ^ a[j]!;
      bob.step(y, b, rng);
      for (let j = 0; j < P; j++) {
        aSeq[base + j] = a[j]!;
        bSeq[base + j] = b[j]!;
        aSet.add(a[j]!);
        bSet.add(b[j]!);
        oSet.add(payloads[base + j]!);
        kSet.add(keys[base + j]!);
      }
      let reward = decryptionReward(payloads, b, base, P);
      decryption += reward;
      if (reward === CpaReward.perfectWord * P) perfectSteps++;
      if (eve) {
        const first = rng.randFloat(-1, 1) > 0;
        const plainAt = first ? 0 : P;
        const decoyAt = first ? P : 0;
        for (let j = 0; j < P; j++) eveIn[decoyAt + j] = randPos(rng, 65535);
        for (let j = 0; j < P; j++) {
          eveIn[plainAt + j] = payloads[base + j]!;
          eveIn[2 * P + j] = a[j]!;
        }
        eve.step(eveIn, e, rng);
        const r = adversaryReward(e[0]!, first);
        eveReward += r;
        reward -= r;
      }
      fitness += reward;
    }
    if (withBonus) {
      const n = steps * P;
      const plain = payloads.subarray(0, n);
      fitness += diffSetReward(aSet, bSet, oSet, kSet);
      fitness += nccReward(
        ncc(aSeq.subarray(0, n), bSeq.subarray(0, n)),
        ncc(aSeq.subarray(0, n), plain),
        ncc(bSeq.subarray(0, n), plain),
      );
    }
    return { fitness, decryption, perfectSteps, eveReward };
  }
}

/**
 * The ciphertexts Eve trains on: a freshly reset fixed Alice's outputs for `key XOR plaintext`
 * (spec §11.2 "Eve training"); with no Alice (pre-training) the plaintexts themselves.
 */
export function cipherTexts(
  alice: NetworkKernel | null,
  stream: CipherStream,
  rng: RandomSource,
): Uint16Array {
  const P = stream.payloadWords;
  if (!alice) return stream.payloads.slice(0, stream.steps * P);
  const out = new Uint16Array(stream.steps * P);
  const x = new Uint16Array(P);
  const a = new Uint16Array(P);
  alice.reset();
  for (let t = 0; t < stream.steps; t++) {
    for (let j = 0; j < P; j++) x[j] = keyWordAt(stream, t, j) ^ stream.payloads[t * P + j]!;
    alice.step(x, a, rng);
    out.set(a, t * P);
  }
  return out;
}

/**
 * One Eve episode of the distinguishing game (spec §11.2): each step she sees the true plaintext
 * and a random decoy in random order, then the ciphertext, and names the plaintext's slot.
 * Returns the sum of her rewards. Eve starts from a reset state.
 */
export function runEveEpisode(
  eve: NetworkKernel,
  payloads: Uint16Array,
  ciphers: Uint16Array,
  payloadWords: number,
  steps: number,
  rng: RandomSource,
): number {
  const P = payloadWords;
  const input = new Uint16Array(3 * P);
  const out = new Uint16Array(1);
  eve.reset();
  let fitness = 0;
  for (let t = 0; t < steps; t++) {
    const first = rng.randFloat(-1, 1) > 0;
    const plainAt = first ? 0 : P;
    const decoyAt = first ? P : 0;
    for (let j = 0; j < P; j++) input[decoyAt + j] = randPos(rng, 65535);
    for (let j = 0; j < P; j++) {
      input[plainAt + j] = payloads[t * P + j]!;
      input[2 * P + j] = ciphers[t * P + j]!;
    }
    eve.step(input, out, rng);
    fitness += adversaryReward(out[0]!, first);
  }
  return fitness;
}
