import type { BitSequence } from '../bit-sequence.js';
import { igamc } from '../math/cephes.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Length of the longest run of ones among bits [start, end). */
export function longestRunOfOnes(words: Uint32Array, start: number, end: number): number {
  if (end <= start) return 0;
  let best = 0;
  let run = 0;
  const first = start >>> 5;
  const last = (end - 1) >>> 5;
  for (let k = first; k <= last; k++) {
    let v = words[k]!;
    if (k === first) v &= 0xffffffff >>> (start & 31);
    if (k === last) v &= 0xffffffff << (31 - ((end - 1) & 31));
    v >>>= 0;
    if (v === 0xffffffff) {
      run += 32;
      if (run > best) best = run;
      continue;
    }
    run += Math.clz32(~v);
    if (run > best) best = run;
    let x = v;
    let inner = 0;
    while (x !== 0) {
      x &= x << 1;
      inner++;
    }
    if (inner > best) best = inner;
    const inv = ~v;
    run = 31 - Math.clz32(inv & -inv);
  }
  return best;
}

/**
 * Longest run of ones in a block, SP 800-22 2.4. Block length M and classes are chosen from n as
 * the suite does: M = 8 (n < 6272), 128 (n < 750000), else 10000.
 */
export function longestRunTest(seq: BitSequence): NistTestResult {
  const n = seq.length;
  const short = needsBits('LongestRun', n, 128, 'the suite refuses shorter input');
  if (short) return short;
  let K: number;
  let M: number;
  let V: number[];
  let pi: number[];
  if (n < 6272) {
    K = 3;
    M = 8;
    V = [1, 2, 3, 4];
    pi = [0.21484375, 0.3671875, 0.23046875, 0.1875];
  } else if (n < 750000) {
    K = 5;
    M = 128;
    V = [4, 5, 6, 7, 8, 9];
    pi = [0.1174035788, 0.242955959, 0.249363483, 0.17517706, 0.102701071, 0.112398847];
  } else {
    K = 6;
    M = 10000;
    V = [10, 11, 12, 13, 14, 15, 16];
    pi = [0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727];
  }
  const N = Math.floor(n / M);
  const nu = new Array<number>(K + 1).fill(0);
  const words = seq.words;
  for (let i = 0; i < N; i++) {
    const longest = longestRunOfOnes(words, i * M, i * M + M);
    if (longest < V[0]!) nu[0]!++;
    for (let j = 0; j <= K; j++) if (longest === V[j]) nu[j]!++;
    if (longest > V[K]!) nu[K]!++;
  }
  let chi2 = 0.0;
  for (let i = 0; i <= K; i++) {
    const d = nu[i]! - N * pi[i]!;
    chi2 += (d * d) / (N * pi[i]!);
  }
  const pValue = igamc(K / 2.0, chi2 / 2.0);
  return {
    name: 'LongestRun',
    applicable: true,
    pValues: [pValue],
    details: { N, M, K, chi2, nu },
  };
}
