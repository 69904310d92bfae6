import { bitAccuracy, bitDistance } from './accuracy.js';
import type { CipherJob, CipherPair } from './cipher.js';

/**
 * What a trial of `bits` bits attributes to chance: |2a - 1| has a standard deviation of
 * 1/sqrt(bits) for a random cipher, and only what exceeds four of them counts.
 */
export function chanceMargin(bits: number): number {
  return bits > 0 ? Math.min(1, 4 / Math.sqrt(bits)) : 1;
}

/**
 * |2a - 1| beyond {@link chanceMargin}, rescaled so that a = 1 (or 0) gives 1 and anything within
 * the margin of 1/2 gives 0.
 */
export function excessOverChance(a: number, bits: number): number {
  const m = chanceMargin(bits);
  return m >= 1 ? 0 : Math.max(0, (Math.abs(2 * a - 1) - m) / (1 - m));
}

/** Every key bit's avalanche (docs/scoring.md §3, "Key dependence"). */
export interface KeyAvalanche {
  /** Per key bit (word `b >> 4`, bit `b & 15`): mean share of ciphertext bits its flip changes. */
  flips: Float64Array;
  /** Mean of `flips`. */
  flipFraction: number;
  /** The key bit whose share is farthest from 1/2 (the lowest index on ties). */
  weakestBit: number;
  weakestFlip: number;
}

/**
 * Flips every bit of each job's key in turn and measures the share of ciphertext bits that
 * change, averaged over the jobs. The weakest bit is the one farthest from 1/2: a cipher is as
 * strong as its least used key bit.
 *
 * @example
 * measureKeyAvalanche(pair, jobs).weakestFlip; // ~0.5 for a good cipher, 0 for a dead key bit
 */
export function measureKeyAvalanche(pair: CipherPair, jobs: readonly CipherJob[]): KeyAvalanche {
  const bits = jobs.length > 0 ? 16 * jobs[0]!.key.length : 0;
  const flips = new Float64Array(bits);
  if (jobs.length === 0 || bits === 0) {
    return { flips, flipFraction: NaN, weakestBit: -1, weakestFlip: NaN };
  }
  const base = pair.encrypt(jobs);
  for (let b = 0; b < bits; b++) {
    const flipped = jobs.map((job) => ({ ...job, key: flipBit(job.key, b) }));
    const changed = pair.encrypt(flipped);
    let sum = 0;
    for (let i = 0; i < jobs.length; i++) {
      const n = base[i]!.length * 16;
      sum += n > 0 ? bitDistance(base[i]!, changed[i]!) / n : 0;
    }
    flips[b] = sum / jobs.length;
  }
  let weakestBit = 0;
  let mean = 0;
  for (let b = 0; b < bits; b++) {
    mean += flips[b]!;
    if (Math.abs(2 * flips[b]! - 1) > Math.abs(2 * flips[weakestBit]! - 1)) weakestBit = b;
  }
  return {
    flips,
    flipFraction: mean / bits,
    weakestBit,
    weakestFlip: flips[weakestBit]!,
  };
}

/** `key` with bit `b` (word `b >> 4`, bit `b & 15`) flipped. */
export function flipBit(key: Uint16Array, b: number): Uint16Array {
  const out = key.slice();
  out[b >>> 4] = out[b >>> 4]! ^ (1 << (b & 15));
  return out;
}

/**
 * The share of ciphertext bits that no key changes: `job`'s plaintext encrypted under each of
 * `keys`, a bit position counts when it is equal in every ciphertext. An ideal cipher leaves
 * 2^-(keys - 1) of the bits equal by chance (about 5·10^-10 with 32 keys).
 */
export function keyIndependentShare(
  pair: CipherPair,
  job: CipherJob,
  keys: readonly Uint16Array[],
): number {
  if (keys.length < 2) return NaN;
  const ciphers = pair.encrypt(keys.map((key) => ({ ...job, key })));
  const first = ciphers[0]!;
  const differs = new Uint16Array(first.length);
  for (const c of ciphers.slice(1)) {
    for (let i = 0; i < first.length; i++) differs[i] = differs[i]! | (first[i]! ^ c[i]!);
  }
  const total = first.length * 16;
  return total > 0 ? 1 - bitDistance(differs, new Uint16Array(differs.length)) / total : NaN;
}

/** How well Bob decrypts with a wrong key (ideal: chance). */
export interface WrongKeyBob {
  /** Mean over trials of the share of plaintext bits Bob recovers. */
  accuracy: number;
  /** The worst trial's |2·accuracy - 1| beyond chance ({@link excessOverChance}; 0 ideal, 1 decrypts). */
  excess: number;
}

/**
 * Alice encrypts each job with its key; Bob decrypts with the wrong key paired with it. A cipher
 * whose Bob still recovers the plaintext (or its complement) does not depend on the key.
 */
export function measureWrongKeyBob(
  pair: CipherPair,
  jobs: readonly CipherJob[],
  wrongKeys: readonly Uint16Array[],
): WrongKeyBob {
  if (jobs.length === 0) return { accuracy: NaN, excess: NaN };
  const ciphers = pair.encrypt(jobs);
  const decrypted = pair.decrypt(
    jobs.map((job, i) => ({ ...job, plain: ciphers[i]!, key: wrongKeys[i]! })),
  );
  let sum = 0;
  let excess = 0;
  jobs.forEach((job, i) => {
    const acc = bitAccuracy(job.plain, decrypted[i]!);
    const a = acc.total > 0 ? acc.correct / acc.total : 0.5;
    sum += a;
    excess = Math.max(excess, excessOverChance(a, acc.total));
  });
  return { accuracy: sum / jobs.length, excess };
}
