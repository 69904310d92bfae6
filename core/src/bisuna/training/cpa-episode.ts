import type { RandomSource } from '../format/genome.js';
import type { NetworkKernel } from '../kernels/network-kernel.js';
import type { CipherStream, KeyRegime } from '../encryption/cipher-stream.js';
import {
  adversaryReward,
  CpaReward,
  decryptionReward,
  EpisodeWordSets,
  nccReward,
} from './cpa-rewards.js';
import {
  cipherInputWords,
  cipherOutputWord,
  networkSteps,
  writeCipherInput,
} from './key-layout.js';
import { ncc3, nccPlainTerms, type NccPlainTerms } from './ncc3.js';
import { fillRandPos16, randPos } from './random.js';
import {
  decryptsEveryStepWasm,
  isWasmKernelAvailable,
  runEveEpisodeWasm,
  runPairEpisodeWasm,
} from '../wasm/index.js';

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
  fillRandPos16(rng, payloads);
  const keys = new Uint16Array(regime === 'otp' ? steps * payloadWords : keyWords);
  fillRandPos16(rng, keys);
  return { steps, payloadWords, payloads, keys, regime };
}

/**
 * A training generation's stream: {@link drawStream}, then under `short-key` the base keys of the
 * key-dependence probe (`bases` × keyWords words, `randPos(65535)` each) from the same source.
 */
export function drawTrainingStream(
  rng: RandomSource,
  steps: number,
  payloadWords: number,
  keyWords: number,
  regime: KeyRegime,
  bases: number,
): CipherStream {
  const stream = drawStream(rng, steps, payloadWords, keyWords, regime);
  if (regime === 'otp') return stream;
  const probes = new Uint16Array(bases * keyWords);
  fillRandPos16(rng, probes);
  return { ...stream, probes };
}

/**
 * Where episodes run: `wasm`, the WebAssembly kernel (whole episodes inside the module), or `js`,
 * the JavaScript {@link NetworkKernel}. Results and random draws are identical (tested).
 */
export type EpisodeEngine = 'wasm' | 'js';

/** `wasm` where WebAssembly runs (not in a page whose CSP blocks it), else `js`. */
export function defaultEpisodeEngine(): EpisodeEngine {
  return isWasmKernelAvailable() ? 'wasm' : 'js';
}

let wordSets: EpisodeWordSets | null = null;

/**
 * The thread's tables for the end-of-episode word sets: shared by every runner (runners are made
 * per task, and an episode runs to completion before another starts), made at first use.
 */
function episodeWordSets(): EpisodeWordSets {
  return (wordSets ??= new EpisodeWordSets());
}

/** The stream-dependent terms of the end-of-episode reward (see PairEpisodeRunner.streamTerms). */
interface StreamTerms {
  stream: CipherStream;
  keys: Uint16Array;
  ncc: NccPlainTerms;
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
  /** Alice's and Bob's input (sized for the stream's layout, see {@link cipherInputWords}). */
  private x: Uint16Array;
  private readonly a: Uint16Array;
  private readonly b: Uint16Array;
  private readonly eveIn: Uint16Array;
  private readonly e = new Uint16Array(1);
  private readonly aSeq: Uint16Array;
  private readonly bSeq: Uint16Array;
  private terms: StreamTerms | null = null;

  constructor(
    readonly steps: number,
    readonly payloadWords: number,
    readonly engine: EpisodeEngine = defaultEpisodeEngine(),
  ) {
    this.x = new Uint16Array(payloadWords);
    this.a = new Uint16Array(payloadWords);
    this.b = new Uint16Array(payloadWords);
    this.eveIn = new Uint16Array(payloadWords * 3);
    this.aSeq = new Uint16Array(steps * payloadWords);
    this.bSeq = new Uint16Array(steps * payloadWords);
  }

  /**
   * What the end-of-episode reward needs of `stream` beyond Alice's and Bob's words: the key word
   * of every plaintext word and the plaintext side of the NCC (cached for the last stream seen).
   */
  private streamTerms(stream: CipherStream): StreamTerms {
    if (this.terms?.stream !== stream) {
      const n = stream.steps * stream.payloadWords;
      let keys = stream.keys;
      if (stream.regime !== 'otp') {
        keys = new Uint16Array(n);
        for (let i = 0; i < n; i++) keys[i] = stream.keys[i % stream.keys.length]!;
      }
      this.terms = { stream, keys, ncc: nccPlainTerms(stream.payloads, n) };
    }
    return this.terms;
  }

  /**
   * The last episode's ciphertext and Bob's decryption (steps × payloadWords words each; views
   * that the next episode overwrites).
   */
  get sequences(): { cipher: Uint16Array; decrypted: Uint16Array } {
    return { cipher: this.aSeq, decrypted: this.bSeq };
  }

  /** The input buffer for `stream`'s layout. */
  private inputFor(stream: CipherStream): Uint16Array {
    const n = cipherInputWords(stream.regime, this.payloadWords, stream.keys.length);
    if (this.x.length !== n) this.x = new Uint16Array(n);
    return this.x;
  }

  /**
   * One episode of `stream` from freshly reset networks. Alice steps on the plaintext and Bob on
   * Alice's ciphertext, each with the key as {@link writeCipherInput} lays it out for the regime. `rng` feeds Random neurons (Alice, then
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
    const { aSeq, bSeq } = this;
    const { payloads } = stream;
    const n = stream.steps * P;
    const eveReward =
      this.engine === 'wasm'
        ? runPairEpisodeWasm(alice.genome, bob.genome, stream, rng, aSeq, bSeq, eve?.genome ?? null)
        : this.runSteps(alice, bob, eve, stream, rng);
    // Rewards are integers until the bonus, so their order of summation cannot matter.
    let decryption = 0;
    let perfectSteps = 0;
    const perfect = CpaReward.perfectWord * P;
    for (let base = 0; base < n; base += P) {
      const r = decryptionReward(payloads, bSeq, base, P, base);
      decryption += r;
      if (r === perfect) perfectSteps++;
    }
    let fitness = decryption - eveReward;
    if (withBonus) {
      const terms = this.streamTerms(stream);
      fitness += episodeWordSets().reward(aSeq, bSeq, payloads, terms.keys, n);
      const [ab, ao, bo] = ncc3(aSeq, bSeq, terms.ncc);
      fitness += nccReward(ab, ao, bo);
    }
    return { fitness, decryption, perfectSteps, eveReward };
  }

  /** The episode's steps on the JavaScript kernel: fills aSeq and bSeq, returns Eve's reward. */
  private runSteps(
    alice: NetworkKernel,
    bob: NetworkKernel,
    eve: NetworkKernel | null,
    stream: CipherStream,
    rng: RandomSource,
  ): number {
    const P = this.payloadWords;
    const { aSeq, bSeq, eveIn, e } = this;
    const { payloads } = stream;
    const steps = new PairSteps(alice, bob, stream, this.inputFor(stream), this.a, this.b, rng);
    eve?.reset();
    let eveReward = 0;
    for (let t = 0; t < stream.steps; t++) {
      const base = t * P;
      steps.next(aSeq, bSeq, base);
      if (eve) {
        const first = rng.randFloat(-1, 1) > 0;
        const plainAt = first ? 0 : P;
        const decoyAt = first ? P : 0;
        for (let j = 0; j < P; j++) eveIn[decoyAt + j] = randPos(rng, 65535);
        for (let j = 0; j < P; j++) {
          eveIn[plainAt + j] = payloads[base + j]!;
          eveIn[2 * P + j] = aSeq[base + j]!;
        }
        eve.step(eveIn, e, rng);
        eveReward += adversaryReward(e[0]!, first);
      }
    }
    return eveReward;
  }

  /**
   * Whether Bob decrypts every step of `stream` exactly, from freshly reset networks: the held-out
   * test. Stops at the first wrong step; the answer equals `run(...).perfectSteps === steps`,
   * because later steps cannot make an earlier wrong one right.
   */
  decryptsEveryStep(
    alice: NetworkKernel,
    bob: NetworkKernel,
    stream: CipherStream,
    rng: RandomSource,
  ): boolean {
    if (this.engine === 'wasm') return decryptsEveryStepWasm(alice.genome, bob.genome, stream, rng);
    const P = this.payloadWords;
    const { payloads } = stream;
    const steps = new PairSteps(alice, bob, stream, this.inputFor(stream), this.a, this.b, rng);
    const c = new Uint16Array(P);
    const d = new Uint16Array(P);
    for (let t = 0; t < stream.steps; t++) {
      steps.next(c, d, 0, t * P);
      for (let j = 0; j < P; j++) if (d[j] !== payloads[t * P + j]) return false;
    }
    return true;
  }
}

/**
 * Alice and Bob stepping through a stream on the JavaScript kernel, from reset: each call of
 * {@link next} runs one cipher step (Alice, then Bob, drawing from `rng` in that order), after
 * the regime's warm-up steps on the first call.
 */
export class PairSteps {
  private t = 0;
  private readonly warmup: number;

  constructor(
    private readonly alice: NetworkKernel,
    private readonly bob: NetworkKernel,
    private readonly stream: CipherStream,
    private readonly x: Uint16Array,
    private readonly a: Uint16Array,
    private readonly b: Uint16Array,
    private readonly rng: RandomSource,
  ) {
    alice.reset();
    bob.reset();
    this.warmup = networkSteps(stream.regime, 0);
  }

  /**
   * The next step: writes its ciphertext words to `cipher[at ..]` and Bob's decryption to
   * `plain[at ..]` (P words each); the step's plaintext is `payloads[from ..]` (default `at`).
   */
  next(cipher: Uint16Array, plain: Uint16Array, at: number, from = at): void {
    const { alice, bob, stream, x, a, b, rng } = this;
    const { regime, payloads, keys, payloadWords: P } = stream;
    if (this.t === 0) {
      for (let s = 0; s < this.warmup; s++) {
        writeCipherInput(regime, payloads, 0, P, keys, s, x);
        alice.step(x, a, rng);
        bob.step(x, b, rng);
      }
    }
    const s = this.t + this.warmup;
    writeCipherInput(regime, payloads, from, P, keys, s, x);
    alice.step(x, a, rng);
    for (let j = 0; j < P; j++)
      cipher[at + j] = cipherOutputWord(regime, payloads[from + j]!, a[j]!);
    writeCipherInput(regime, cipher, at, P, keys, s, x);
    bob.step(x, b, rng);
    for (let j = 0; j < P; j++) plain[at + j] = cipherOutputWord(regime, cipher[at + j]!, b[j]!);
    this.t++;
  }
}

/**
 * The ciphertexts Eve trains on: a freshly reset fixed Alice's outputs for each plaintext step with
 * the key laid out per the regime (spec §11.2 "Eve training"); with no Alice (pre-training) the
 * plaintexts themselves.
 */
export function cipherTexts(
  alice: NetworkKernel | null,
  stream: CipherStream,
  rng: RandomSource,
): Uint16Array {
  const P = stream.payloadWords;
  if (!alice) return stream.payloads.slice(0, stream.steps * P);
  const { regime, payloads, keys } = stream;
  const out = new Uint16Array(stream.steps * P);
  const x = new Uint16Array(cipherInputWords(regime, P, keys.length));
  const a = new Uint16Array(P);
  const warmup = networkSteps(regime, 0);
  alice.reset();
  for (let s = 0; s < warmup + stream.steps; s++) {
    const t = s - warmup;
    writeCipherInput(regime, payloads, Math.max(0, t) * P, P, keys, s, x);
    alice.step(x, a, rng);
    if (t < 0) continue;
    for (let j = 0; j < P; j++)
      out[t * P + j] = cipherOutputWord(regime, payloads[t * P + j]!, a[j]!);
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
  engine: EpisodeEngine = defaultEpisodeEngine(),
): number {
  if (engine === 'wasm') {
    return runEveEpisodeWasm(eve.genome, payloads, ciphers, payloadWords, steps, rng);
  }
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
