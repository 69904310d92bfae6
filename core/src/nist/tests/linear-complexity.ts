import type { BitSequence } from '../bit-sequence.js';
import { parity32, window } from '../bits.js';
import { igamc } from '../math/cephes.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Options of the Linear Complexity test. */
export interface LinearComplexityOptions {
  /** Block length M, 1..10000 (sts default 500; the SP recommends 500..5000). */
  blockLength?: number;
}

// sts-2.1.2's table: pi[0] is 0.01047 there (the SP says 0.010417); kept to match its p-values.
const PI = [0.01047, 0.03125, 0.125, 0.5, 0.25, 0.0625, 0.020833];

function reverseBits32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return ((x >>> 16) | (x << 16)) >>> 0;
}

/**
 * Berlekamp-Massey over GF(2) on packed bits: the linear complexity of M-bit blocks.
 * Connection polynomials are bit vectors (bit i = coefficient of x^i, MSB-first words). The
 * discrepancy at step N is the parity of C AND (s[N], s[N-1], ...): the block reversed and read
 * from offset M-1-N. The 32 bit-alignments of the reversed block are prepared once per block, so
 * each step is a few word ANDs.
 */
export class BerlekampMassey {
  readonly #M: number;
  readonly #size: number;
  readonly #stride: number;
  readonly #reversed: Uint32Array;
  readonly #shifted: Uint32Array;
  readonly #C: Uint32Array;
  #B: Uint32Array;
  #T: Uint32Array;

  constructor(M: number) {
    this.#M = M;
    this.#size = (M >>> 5) + 3;
    this.#stride = (M >>> 5) + 3;
    this.#reversed = new Uint32Array(this.#stride + 3);
    this.#shifted = new Uint32Array(32 * this.#stride);
    this.#C = new Uint32Array(this.#size);
    this.#B = new Uint32Array(this.#size);
    this.#T = new Uint32Array(this.#size);
  }

  /** Linear complexity of bits [start, start + M) of `words`. */
  complexity(words: Uint32Array, start: number): number {
    const M = this.#M;
    const size = this.#size;
    const stride = this.#stride;
    const blockWords = (M + 31) >>> 5;
    const pad = blockWords * 32 - M;
    // reversed = the block zero-padded to blockWords words, bit-reversed as a whole.
    const reversed = this.#reversed;
    reversed.fill(0);
    for (let w = 0; w < blockWords; w++) {
      let v = window(words, start + 32 * w, 32);
      if (w === blockWords - 1 && pad > 0) v = (v & (0xffffffff << pad)) >>> 0;
      reversed[blockWords - 1 - w] = reverseBits32(v);
    }
    // shifted[k * stride + w] = 32 bits of the reversed block (s[M-1], s[M-2], ...) from bit 32w + k.
    const shifted = this.#shifted;
    for (let k = 0; k < 32; k++) {
      for (let w = 0; w < stride; w++)
        shifted[k * stride + w] = window(reversed, 32 * w + k + pad, 32);
    }
    const C = this.#C;
    let B = this.#B;
    let T = this.#T;
    C.fill(0);
    B.fill(0);
    C[0] = 0x80000000;
    B[0] = 0x80000000;
    let L = 0;
    let m = -1;
    let bWords = 1;
    for (let N = 0; N < M; N++) {
      const offset = M - 1 - N;
      const row = (offset & 31) * stride + (offset >>> 5);
      let acc = 0;
      const cWords = (L >>> 5) + 1;
      for (let w = 0; w < cWords; w++) acc ^= C[w]! & shifted[row + w]!;
      if (parity32(acc) === 0) continue;
      const grow = L <= N >>> 1;
      if (grow) T.set(C);
      // C ^= B * x^(N - m)
      const shift = N - m;
      const ws = shift >>> 5;
      const bs = shift & 31;
      for (let w = 0; w < bWords && w + ws < size; w++) {
        const b = B[w]!;
        if (b === 0) continue;
        C[w + ws]! ^= b >>> bs;
        if (bs !== 0 && w + ws + 1 < size) C[w + ws + 1]! ^= b << (32 - bs);
      }
      if (grow) {
        bWords = (L >>> 5) + 1;
        L = N + 1 - L;
        m = N;
        const old = B;
        B = T;
        T = old;
      }
    }
    this.#B = B;
    this.#T = T;
    return L;
  }
}

/** Linear complexity test, SP 800-22 2.10: LFSR length of each M-bit block, K = 6 classes. */
export function linearComplexityTest(
  seq: BitSequence,
  options: LinearComplexityOptions = {},
): NistTestResult {
  const M = checkInt('LinearComplexity blockLength', options.blockLength ?? 500, 1, 10_000);
  const n = seq.length;
  const short = needsBits('LinearComplexity', n, M, `one block of M = ${M} bits`);
  if (short) return short;
  const K = 6;
  const N = Math.floor(n / M);
  const signMean = (M + 1) % 2 === 0 ? -1 : 1;
  const mean = M / 2.0 + (9.0 + signMean) / 36.0 - (1.0 / Math.pow(2, M)) * (M / 3.0 + 2.0 / 9.0);
  const sign = M % 2 === 0 ? 1 : -1;
  const nu = new Array<number>(K + 1).fill(0);
  const bm = new BerlekampMassey(M);
  const words = seq.words;
  for (let ii = 0; ii < N; ii++) {
    const L = bm.complexity(words, ii * M);
    const T = sign * (L - mean) + 2.0 / 9.0;
    if (T <= -2.5) nu[0]!++;
    else if (T > -2.5 && T <= -1.5) nu[1]!++;
    else if (T > -1.5 && T <= -0.5) nu[2]!++;
    else if (T > -0.5 && T <= 0.5) nu[3]!++;
    else if (T > 0.5 && T <= 1.5) nu[4]!++;
    else if (T > 1.5 && T <= 2.5) nu[5]!++;
    else nu[6]!++;
  }
  let chi2 = 0.0;
  for (let i = 0; i < K + 1; i++) chi2 += Math.pow(nu[i]! - N * PI[i]!, 2) / (N * PI[i]!);
  const pValue = igamc(K / 2.0, chi2 / 2.0);
  return {
    name: 'LinearComplexity',
    applicable: true,
    pValues: [pValue],
    details: { N, M, chi2, nu },
  };
}
