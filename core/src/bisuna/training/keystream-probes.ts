import { popcount16 } from '../kernels/activation.js';
import { BitRows, RELATION_WINDOW_STEPS } from './gf2-rank.js';

/**
 * How a short-key network's key dependence is probed in training: `bases` random keys, each key
 * bit flipped once (bit b on base key `b mod bases`), and the affinity test's fourth keys
 * `k_i XOR k_{i+1} XOR k_{i+2}` for i = 0 .. bases - 3. {@link probeKeys} lays the keys out in
 * that order; {@link probeTerms} reads the keystreams back.
 */
export interface ProbePlan {
  keyWords: number;
  bases: number;
}

/** Base keys a generation's probe uses (four: six pairs, two affinity triples). */
export const PROBE_BASE_KEYS = 4;

/** Keys of a probe plan: the bases, one per key bit, and one per affinity triple. */
export function probeKeyCount(plan: ProbePlan): number {
  return plan.bases + 16 * plan.keyWords + Math.max(0, plan.bases - 2);
}

/** Every key of the probe (`probeKeyCount` × keyWords words) from its `bases` base keys. */
export function probeKeys(plan: ProbePlan, bases: Uint16Array): Uint16Array {
  const K = plan.keyWords;
  const B = plan.bases;
  const out = new Uint16Array(probeKeyCount(plan) * K);
  out.set(bases.subarray(0, B * K));
  const bits = 16 * K;
  for (let b = 0; b < bits; b++) {
    const at = (B + b) * K;
    out.set(bases.subarray((b % B) * K, ((b % B) + 1) * K), at);
    out[at + (b >>> 4)] = out[at + (b >>> 4)]! ^ (1 << (b & 15));
  }
  for (let i = 0; i + 2 < B; i++) {
    const at = (B + bits + i) * K;
    for (let w = 0; w < K; w++) {
      out[at + w] = bases[i * K + w]! ^ bases[(i + 1) * K + w]! ^ bases[(i + 2) * K + w]!;
    }
  }
  return out;
}

/**
 * Key-dependence and randomness terms of a keystream generator, each in [0, 1] (1 is ideal), as
 * measured from its keystreams under the probe keys.
 */
export interface ProbeTerms {
  /** Mean over key bits of 1 - |2 f_b - 1|, f_b the share of keystream bits flipping bit b changes. */
  avalanche: number;
  /** The weakest key bit's 1 - |2 f_b - 1|. */
  weakestBit: number;
  /** 1 - the share of keystream bits equal under all base keys beyond chance, rescaled. */
  keyIndependence: number;
  /** Mean over base-key pairs of 1 - |2 a - 1|, a the share of equal bits (a wrong key's Bob). */
  wrongKey: number;
  /**
   * 1 - the root mean square over (word lane, bit) positions of 2·ones − 1, ones the share of one
   * bits at that position over every base key and step (1 − 1/sqrt(bases · steps) for a random
   * keystream).
   */
  balance: number;
  /** 1 - |2 z - 1|, z the share of ones in k1 ⊕ k2 ⊕ k3 ⊕ k(k1⊕k2⊕k3) (0 for an affine map). */
  affinity: number;
  /**
   * 1 - the root mean square over positions of 2·d − 1, d the share of consecutive steps in which
   * the bit at that position changes (pooled like balance): bits that stick or alternate.
   */
  serial: number;
  /**
   * Mean over the base keys of 1 - min(1, r / (16 P)), r the GF(2)-linear relations (with a
   * constant) among the bits of every window of consecutive steps of that key's keystream
   * ({@link relationWindow}): 1 when no keystream bit follows linearly from the ones before it,
   * under any of the keys.
   */
  linearity: number;
}

/**
 * Weights of the terms in {@link probeScore}. Balance, serial and linearity weigh more than the
 * others: with equal weights the keystream stayed biased (NIST on structured plaintexts below 0.9)
 * and could repeat a lane or follow its last steps linearly (docs/bisuna-differences.md #27).
 */
export const PROBE_WEIGHTS: Readonly<ProbeTerms> = Object.freeze({
  avalanche: 1,
  weakestBit: 1,
  keyIndependence: 1,
  wrongKey: 1,
  balance: 4,
  affinity: 1,
  serial: 2,
  linearity: 3,
});

/**
 * Steps per window of the linear-relation probe of `steps`-step keystreams: the longest up to
 * `RELATION_WINDOW_STEPS` (the verifier's) that leaves 32 more windows than unknowns, so that a
 * random keystream shows a relation with probability about 2^-32 (at least 1).
 */
export function relationWindow(steps: number, payloadWords: number): number {
  for (let w = RELATION_WINDOW_STEPS; w > 1; w--) {
    if (steps - w + 1 >= w * 16 * payloadWords + 1 + 32) return w;
  }
  return 1;
}

/** The weighted mean of the terms (what training maximises beside decryption), in [0, 1]. */
export function probeScore(t: ProbeTerms): number {
  let sum = 0;
  let weights = 0;
  for (const k of Object.keys(PROBE_WEIGHTS) as (keyof ProbeTerms)[]) {
    sum += PROBE_WEIGHTS[k] * t[k];
    weights += PROBE_WEIGHTS[k];
  }
  return sum / weights;
}

/**
 * The terms from the keystreams `seqs` of every probe key (key m's `steps × payloadWords` words
 * at `seqs[m·steps·payloadWords ..]`, as `runKeystreams` writes them for `probeKeys`).
 */
export function probeTerms(
  plan: ProbePlan,
  seqs: Uint16Array,
  steps: number,
  payloadWords: number,
): ProbeTerms {
  const P = payloadWords;
  const B = plan.bases;
  const n = steps * P;
  const bitsPerRun = n * 16;
  const seq = (m: number) => seqs.subarray(m * n, (m + 1) * n);
  const distance = (a: Uint16Array, b: Uint16Array) => {
    let d = 0;
    for (let i = 0; i < n; i++) d += popcount16(a[i]! ^ b[i]!);
    return d;
  };

  const keyBits = 16 * plan.keyWords;
  let avalanche = 0;
  let weakestBit = 1;
  for (let b = 0; b < keyBits; b++) {
    const f = distance(seq(b % B), seq(B + b)) / bitsPerRun;
    const s = 1 - Math.abs(2 * f - 1);
    avalanche += s / keyBits;
    weakestBit = Math.min(weakestBit, s);
  }

  let constant = 0;
  const first = seq(0);
  for (let i = 0; i < n; i++) {
    let diff = 0;
    for (let m = 1; m < B; m++) diff |= first[i]! ^ seqs[m * n + i]!;
    constant += 16 - popcount16(diff);
  }
  const chance = 2 ** -(B - 1);
  const keyIndependence = 1 - Math.max(0, constant / bitsPerRun - chance) / (1 - chance);

  let wrongKey = 0;
  let pairs = 0;
  for (let m = 0; m < B; m++) {
    for (let o = m + 1; o < B; o++) {
      const agree = 1 - distance(seq(m), seq(o)) / bitsPerRun;
      wrongKey += 1 - Math.abs(2 * agree - 1);
      pairs++;
    }
  }
  wrongKey = pairs > 0 ? wrongKey / pairs : 0;

  // Pooled over every base key and step, so that a position's systematic bias stands out of
  // the noise (its standard deviation is 1 / sqrt(bases · steps)).
  let squares = 0;
  for (let j = 0; j < P; j++) {
    for (let bit = 0; bit < 16; bit++) {
      let ones = 0;
      for (let m = 0; m < B; m++) {
        const s = seq(m);
        for (let t = 0; t < steps; t++) ones += (s[t * P + j]! >>> bit) & 1;
      }
      const bias = (2 * ones) / (B * steps) - 1;
      squares += bias * bias;
    }
  }
  const balance = 1 - Math.sqrt(squares / (P * 16));

  let ones = 0;
  let tested = 0;
  for (let i = 0; i + 2 < B; i++) {
    const a = seq(i);
    const b = seq(i + 1);
    const c = seq(i + 2);
    const d = seq(B + keyBits + i);
    for (let w = 0; w < n; w++) ones += popcount16(a[w]! ^ b[w]! ^ c[w]! ^ d[w]!);
    tested += bitsPerRun;
  }
  const affinity = tested > 0 ? 1 - Math.abs((2 * ones) / tested - 1) : 0;

  // Per position, pooled like balance: a bit that sticks or alternates shows here.
  let serialSquares = 0;
  for (let j = 0; j < P; j++) {
    for (let bit = 0; bit < 16; bit++) {
      let differ = 0;
      for (let m = 0; m < B; m++) {
        const s = seq(m);
        for (let t = 1; t < steps; t++)
          differ += ((s[t * P + j]! ^ s[(t - 1) * P + j]!) >>> bit) & 1;
      }
      const bias = (2 * differ) / (B * (steps - 1)) - 1;
      serialSquares += bias * bias;
    }
  }
  const serial = 1 - Math.sqrt(serialSquares / (P * 16));

  const window = relationWindow(steps, P);
  let linearity = 0;
  for (let m = 0; m < B; m++) {
    const rows = new BitRows(window * P * 16 + 1, steps);
    rows.addWindows(seq(m), P, window, 0);
    linearity += (1 - Math.min(1, (rows.cols - rows.rank()) / (16 * P))) / B;
  }

  return { avalanche, weakestBit, keyIndependence, wrongKey, balance, affinity, serial, linearity };
}
