import type { BitSequence } from '../bit-sequence.js';
import { window } from '../bits.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Rank over GF(2) of a 32x32 matrix given as 32 row words (the rows are clobbered). */
export function rank32(rows: Uint32Array): number {
  let rank = 0;
  for (let bit = 31; bit >= 0 && rank < 32; bit--) {
    const mask = 1 << bit;
    let pivot = -1;
    for (let r = rank; r < 32; r++) {
      if (rows[r]! & mask) {
        pivot = r;
        break;
      }
    }
    if (pivot < 0) continue;
    const p = rows[pivot]!;
    rows[pivot] = rows[rank]!;
    rows[rank] = p;
    for (let r = rank + 1; r < 32; r++) if (rows[r]! & mask) rows[r]! ^= p;
    rank++;
  }
  return rank;
}

function rankProbability(r: number): number {
  let product = 1;
  for (let i = 0; i <= r - 1; i++) {
    product *=
      ((1.0 - Math.pow(2, i - 32)) * (1.0 - Math.pow(2, i - 32))) / (1.0 - Math.pow(2, i - r));
  }
  return Math.pow(2, r * (32 + 32 - r) - 32 * 32) * product;
}

/** Binary matrix rank test, SP 800-22 2.5: ranks of disjoint 32x32 matrices (rows of 32 bits). */
export function rankTest(seq: BitSequence): NistTestResult {
  const n = seq.length;
  const short = needsBits('Rank', n, 1024, 'one 32x32 matrix');
  if (short) return short;
  const N = Math.floor(n / 1024);
  const p32 = rankProbability(32);
  const p31 = rankProbability(31);
  const p30 = 1 - (p32 + p31);
  const words = seq.words;
  const rows = new Uint32Array(32);
  let F32 = 0;
  let F31 = 0;
  for (let k = 0; k < N; k++) {
    for (let r = 0; r < 32; r++) rows[r] = window(words, k * 1024 + r * 32, 32);
    const R = rank32(rows);
    if (R === 32) F32++;
    if (R === 31) F31++;
  }
  const F30 = N - (F32 + F31);
  const chi2 =
    Math.pow(F32 - N * p32, 2) / (N * p32) +
    Math.pow(F31 - N * p31, 2) / (N * p31) +
    Math.pow(F30 - N * p30, 2) / (N * p30);
  const pValue = Math.exp(-chi2 / 2.0);
  return { name: 'Rank', applicable: true, pValues: [pValue], details: { N, F32, F31, F30, chi2 } };
}
