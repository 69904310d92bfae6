import { ncc } from './ncc.js';

/**
 * Textbook Pearson correlation of two equally long sequences; NaN when either is constant (or
 * shorter than 2). Two passes (means first) for accuracy.
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 6]); // 1
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new RangeError(`sequences of ${a.length} and ${b.length} values`);
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  return sab / Math.sqrt(saa * sbb);
}

/** Correlation figures of one stream (absolute values; NaN where undefined). */
export interface StreamCorrelation {
  /** Mean over the payload's word lanes of |Pearson(plain lane, cipher lane)|; lanes where it is undefined are left out. */
  pearson: number;
  /** |reference NCC(cipher, plain)| (spec §12). */
  ncc: number;
}

/**
 * Plaintext/ciphertext correlation of one stream. Pearson is taken per lane (word j of every step)
 * because the key and Alice's outputs act per lane: a short key XOR-ed in flips the sign of a
 * lane's correlation, and pooling lanes would let opposite signs cancel.
 */
export function streamCorrelation(
  plain: Uint16Array,
  cipher: Uint16Array,
  payloadWords: number,
): StreamCorrelation {
  const steps = Math.floor(plain.length / payloadWords);
  const pa = new Float64Array(steps);
  const ca = new Float64Array(steps);
  let sum = 0;
  let lanes = 0;
  for (let j = 0; j < payloadWords; j++) {
    for (let t = 0; t < steps; t++) {
      pa[t] = plain[t * payloadWords + j]!;
      ca[t] = cipher[t * payloadWords + j]!;
    }
    const r = pearson(pa, ca);
    if (!Number.isNaN(r)) {
      sum += Math.abs(r);
      lanes++;
    }
  }
  return { pearson: lanes > 0 ? sum / lanes : NaN, ncc: Math.abs(ncc(cipher, plain)) };
}
