import type { CipherJob, CipherPair } from './cipher.js';
import { bitDistance } from './accuracy.js';

/** One key-sensitivity trial: a stream and the key bit to flip. */
export interface KeyFlipTrial {
  job: CipherJob;
  /** Bit index into the key words that step 0 uses: word `bit >> 4`, bit `bit & 15` (LSB = 0). */
  bit: number;
}

/** Result of the key-sensitivity measurement. */
export interface KeySensitivity {
  /** Mean over trials of the fraction of ciphertext bits that changed (ideal 1/2). */
  flipFraction: number;
  trials: number;
}

/**
 * Flips one key bit per trial and measures the fraction of ciphertext bits that change. Under
 * `short-key` the bit is one of the whole key's (both networks read the whole key as inputs every
 * step); under `otp` it is one of step 0's key words (the only key material every later step
 * could depend on).
 *
 * @example
 * measureKeySensitivity(pair, [{ job, bit: 5 }]).flipFraction; // ~0.5 for a good cipher
 */
export function measureKeySensitivity(
  pair: CipherPair,
  trials: readonly KeyFlipTrial[],
): KeySensitivity {
  if (trials.length === 0) return { flipFraction: NaN, trials: 0 };
  const flipped = trials.map(({ job, bit }) => {
    const key = job.key.slice();
    key[bit >>> 4] = key[bit >>> 4]! ^ (1 << (bit & 15));
    return { ...job, key };
  });
  const base = pair.encrypt(trials.map((t) => t.job));
  const changed = pair.encrypt(flipped);
  let sum = 0;
  for (let i = 0; i < trials.length; i++) {
    const bits = base[i]!.length * 16;
    sum += bits > 0 ? bitDistance(base[i]!, changed[i]!) / bits : 0;
  }
  return { flipFraction: sum / trials.length, trials: trials.length };
}

/** How many key bits step 0 reads: the whole short key, or one step's words under otp. */
export function flippableKeyBits(job: CipherJob, payloadWords: number): number {
  return 16 * (job.regime === 'otp' ? Math.min(payloadWords, job.key.length) : job.key.length);
}
