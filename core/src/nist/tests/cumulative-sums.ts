import type { BitSequence } from '../bit-sequence.js';
import { normalCdf } from '../math/erf.js';
import { needsBits, type NistTestResult } from '../result.js';

// Per byte: net step of the +-1 walk, and the highest and lowest partial sums within the byte.
const NET = new Int8Array(256);
const HIGH = new Int8Array(256);
const LOW = new Int8Array(256);
for (let b = 0; b < 256; b++) {
  let s = 0;
  let hi = -9;
  let lo = 9;
  for (let k = 7; k >= 0; k--) {
    s += (b >>> k) & 1 ? 1 : -1;
    hi = Math.max(hi, s);
    lo = Math.min(lo, s);
  }
  NET[b] = s;
  HIGH[b] = hi;
  LOW[b] = lo;
}

/** The suite's p-value for a maximum excursion z of an n-step walk (cusum.c, integer divisions kept). */
function cusumPValue(n: number, z: number): number {
  const sqrtN = Math.sqrt(n);
  const q = Math.trunc(n / z);
  let sum1 = 0.0;
  for (let k = Math.trunc((-q + 1) / 4); k <= Math.trunc((q - 1) / 4); k++) {
    sum1 += normalCdf(((4 * k + 1) * z) / sqrtN);
    sum1 -= normalCdf(((4 * k - 1) * z) / sqrtN);
  }
  let sum2 = 0.0;
  for (let k = Math.trunc((-q - 3) / 4); k <= Math.trunc((q - 1) / 4); k++) {
    sum2 += normalCdf(((4 * k + 3) * z) / sqrtN);
    sum2 -= normalCdf(((4 * k + 1) * z) / sqrtN);
  }
  return 1.0 - sum1 + sum2;
}

/**
 * Cumulative sums test, SP 800-22 2.13: the largest excursion of the +-1 random walk, forward
 * (mode 0) then backward (mode 1); two p-values in that order.
 */
export function cumulativeSumsTest(seq: BitSequence): NistTestResult {
  const n = seq.length;
  const short = needsBits('CumulativeSums', n, 1, 'at least one bit');
  if (short) return short;
  const bytes = seq.bytes;
  let S = 0;
  let sup = 0;
  let inf = 0;
  const fullBytes = n >>> 3;
  for (let i = 0; i < fullBytes; i++) {
    const b = bytes[i]!;
    const hi = S + HIGH[b]!;
    const lo = S + LOW[b]!;
    if (hi > sup) sup = hi;
    if (lo < inf) inf = lo;
    S += NET[b]!;
  }
  for (let i = fullBytes * 8; i < n; i++) {
    S += seq.bit(i) ? 1 : -1;
    if (S > sup) sup = S;
    if (S < inf) inf = S;
  }
  const z = sup > -inf ? sup : -inf;
  const zrev = sup - S > S - inf ? sup - S : S - inf;
  return {
    name: 'CumulativeSums',
    applicable: true,
    pValues: [cusumPValue(n, z), cusumPValue(n, zrev)],
    labels: ['forward', 'reverse'],
    details: { z, zrev },
  };
}
