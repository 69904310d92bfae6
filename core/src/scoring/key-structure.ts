import { BitRows, RELATION_WINDOW_STEPS } from '../bisuna/training/gf2-rank.js';
import { bitDistance } from './accuracy.js';
import type { CipherJob, CipherPair } from './cipher.js';

/** The affinity test's figures (docs/scoring.md §3, "Structure"). */
export interface Affinity {
  /** Share of one bits in C(k1) ⊕ C(k2) ⊕ C(k3) ⊕ C(k1 ⊕ k2 ⊕ k3) over all triples (1/2 ideal, 0 affine). */
  ones: number;
  /** Share of ciphertext bit positions that are zero in every triple (affine in the key). */
  affineShare: number;
}

/**
 * Tests whether the key-to-ciphertext map is affine over GF(2): for a map C(k) = A·k ⊕ b(p) the
 * XOR of the ciphertexts of k1, k2, k3 and k1 ⊕ k2 ⊕ k3 (same plaintext) is zero, whatever A.
 * The plaintext cancels in that sum for any cipher that XORs it in, so the test sees the
 * keystream's structure.
 *
 * @example
 * measureAffinity(pair, job, triples).ones; // ~0.5 for a nonlinear keystream, 0 for an LFSR
 */
export function measureAffinity(
  pair: CipherPair,
  job: CipherJob,
  triples: readonly (readonly [Uint16Array, Uint16Array, Uint16Array])[],
): Affinity {
  if (triples.length === 0) return { ones: NaN, affineShare: NaN };
  const jobs: CipherJob[] = [];
  for (const [a, b, c] of triples) {
    const d = a.map((w, i) => w ^ b[i]! ^ c[i]!);
    for (const key of [a, b, c, d]) jobs.push({ ...job, key });
  }
  const ciphers = pair.encrypt(jobs);
  const n = job.plain.length;
  const nonZero = new Uint16Array(n);
  const sum = new Uint16Array(n);
  let ones = 0;
  for (let t = 0; t < triples.length; t++) {
    const [a, b, c, d] = ciphers.slice(4 * t, 4 * t + 4) as [
      Uint16Array,
      Uint16Array,
      Uint16Array,
      Uint16Array,
    ];
    for (let i = 0; i < n; i++) {
      const x = a[i]! ^ b[i]! ^ c[i]! ^ d[i]!;
      sum[i] = x;
      nonZero[i] = nonZero[i]! | x;
    }
    ones += bitDistance(sum, new Uint16Array(n));
  }
  const bits = n * 16;
  return {
    ones: bits > 0 ? ones / (bits * triples.length) : NaN,
    affineShare: bits > 0 ? 1 - bitDistance(nonZero, new Uint16Array(n)) / bits : NaN,
  };
}

/**
 * Steps of keystream the linear-relation test needs for `payloadWords`: comfortably more windows
 * than unknowns, so a random keystream has no relation but with probability below 2^-100.
 */
export function relationTestSteps(payloadWords: number): number {
  return RELATION_WINDOW_STEPS * 16 * payloadWords + 1 + 128;
}

/**
 * Counts the GF(2)-linear relations (with a constant) among the bits of every window of
 * {@link RELATION_WINDOW_STEPS} consecutive steps of a keystream, `steps × payloadWords` words:
 * the window's width plus one, minus the rank of the matrix whose rows are the windows. A random
 * keystream has none; a keystream whose next step follows linearly from the last ones (an LFSR,
 * or an add-rotate whose low bits obey `bit0(a + k) = a0 XOR k0`) has some, and each lets anyone
 * predict keystream bits, without the key, from the ones before.
 *
 * @example
 * linearRelations(keystream, 3); // 0 for a random keystream
 */
export function linearRelations(keystream: Uint16Array, payloadWords: number): number {
  const rows = new BitRows(RELATION_WINDOW_STEPS * payloadWords * 16 + 1);
  rows.addWindows(keystream, payloadWords, RELATION_WINDOW_STEPS, 0);
  return rows.cols - rows.rank();
}
