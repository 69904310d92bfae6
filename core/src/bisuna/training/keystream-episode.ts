import type { RandomSource } from '../format/genome.js';
import type { NetworkKernel } from '../kernels/network-kernel.js';
import type { CipherStream } from '../encryption/cipher-stream.js';
import {
  PairEpisodeRunner,
  defaultEpisodeEngine,
  type EpisodeEngine,
  type PairEpisodeResult,
} from './cpa-episode.js';
import { CpaReward } from './cpa-rewards.js';
import { runKeystreams } from './keystream-runner.js';
import {
  PROBE_BASE_KEYS,
  probeKeyCount,
  probeKeys,
  probeScore,
  probeTerms,
  type ProbePlan,
  type ProbeTerms,
} from './keystream-probes.js';

/** Fitness of a probe score of 1 (each of the seven terms is worth a tenth of this). */
export const PROBE_REWARD = 70_000;

/** The probe plan of a stream's key size. */
export function probePlan(keyWords: number): ProbePlan {
  return { keyWords, bases: PROBE_BASE_KEYS };
}

/**
 * Runs the short-key A&B episodes: the pair episode of the reference environment (Alice's
 * keystream XOR-ed into the plaintext, Bob's into the ciphertext, Eve's game if she plays), and,
 * when Bob decrypts every step, Alice's keystreams under the stream's probe keys
 * ({@link probeTerms}). Fitness: the decryption reward, plus {@link PROBE_REWARD} × the probe
 * score for a pair that decrypts every step, minus Eve's reward. Holds scratch buffers; reuse
 * one per thread.
 */
export class KeystreamPairRunner {
  private readonly pair: PairEpisodeRunner;
  private seqs = new Uint16Array(0);
  /** The last episode's probe terms (null when its pair did not decrypt every step). */
  lastTerms: ProbeTerms | null = null;

  constructor(
    readonly steps: number,
    readonly payloadWords: number,
    readonly engine: EpisodeEngine = defaultEpisodeEngine(),
  ) {
    this.pair = new PairEpisodeRunner(steps, payloadWords, engine);
  }

  run(
    alice: NetworkKernel,
    bob: NetworkKernel,
    eve: NetworkKernel | null,
    stream: CipherStream,
    rng: RandomSource,
  ): PairEpisodeResult {
    const r = this.pair.run(alice, bob, eve, stream, rng, false);
    this.lastTerms = null;
    if (r.perfectSteps !== stream.steps || !stream.probes) return r;
    const terms = this.probe(alice, stream.keys.length, stream.probes, stream.steps, rng);
    this.lastTerms = terms;
    return { ...r, fitness: r.fitness + PROBE_REWARD * probeScore(terms) };
  }

  /** Alice's probe terms for the base keys `bases` (keyWords words each), `steps` steps each. */
  probe(
    alice: NetworkKernel,
    keyWords: number,
    bases: Uint16Array,
    steps: number,
    rng: RandomSource,
  ): ProbeTerms {
    const plan = probePlan(keyWords);
    const keys = probeKeys(plan, bases);
    const n = probeKeyCount(plan) * steps * this.payloadWords;
    if (this.seqs.length < n) this.seqs = new Uint16Array(n);
    runKeystreams(alice, keys, keyWords, steps, this.payloadWords, rng, this.seqs, this.engine);
    return probeTerms(plan, this.seqs, steps, this.payloadWords);
  }
}

/** The decryption reward of a pair that decrypts every step of `steps` steps of P words. */
export function perfectDecryptionReward(steps: number, payloadWords: number): number {
  return CpaReward.perfectWord * payloadWords * steps;
}
