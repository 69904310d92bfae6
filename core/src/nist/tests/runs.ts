import type { BitSequence } from '../bit-sequence.js';
import { countOnes, popcount32 } from '../bits.js';
import { erfc } from '../math/erf.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Number of k in [1, n) with bit k != bit k-1. */
function transitions(words: Uint32Array, n: number): number {
  const pairs = n - 1;
  let count = 0;
  const full = pairs >>> 5;
  for (let k = 0; k < full; k++) {
    count += popcount32(words[k]! ^ ((words[k]! << 1) | (words[k + 1]! >>> 31)));
  }
  const rest = pairs & 31;
  if (rest > 0) {
    const t = words[full]! ^ ((words[full]! << 1) | (words[full + 1]! >>> 31));
    count += popcount32(t & (0xffffffff << (32 - rest)));
  }
  return count;
}

/**
 * Runs test, SP 800-22 2.3: the number of runs of identical bits. As the suite does, a sequence
 * failing the frequency prerequisite |pi - 1/2| > 2/sqrt(n) gets p-value 0.
 */
export function runsTest(seq: BitSequence): NistTestResult {
  const n = seq.length;
  const short = needsBits('Runs', n, 1, 'at least one bit');
  if (short) return short;
  const pi = countOnes(seq.words, 0, n) / n;
  if (Math.abs(pi - 0.5) > 2.0 / Math.sqrt(n)) {
    return { name: 'Runs', applicable: true, pValues: [0.0], details: { pi } };
  }
  const V = 1 + transitions(seq.words, n);
  const arg = Math.abs(V - 2.0 * n * pi * (1 - pi)) / (2.0 * pi * (1 - pi) * Math.sqrt(2 * n));
  return { name: 'Runs', applicable: true, pValues: [erfc(arg)], details: { pi, V_n_obs: V } };
}
