import type { BitSequence } from '../bit-sequence.js';
import { countOnes } from '../bits.js';
import { erfc } from '../math/erf.js';
import { needsBits, type NistTestResult } from '../result.js';

/**
 * Frequency (monobit) test, SP 800-22 2.1: is the number of ones close to n/2?
 *
 * @example frequencyTest(BitSequence.fromBitString('1011010101')).pValues // [0.527089...]
 */
export function frequencyTest(seq: BitSequence): NistTestResult {
  const n = seq.length;
  const short = needsBits('Frequency', n, 1, 'at least one bit');
  if (short) return short;
  const sum = 2 * countOnes(seq.words, 0, n) - n;
  const sObs = Math.abs(sum) / Math.sqrt(n);
  const pValue = erfc(sObs / Math.sqrt(2));
  return { name: 'Frequency', applicable: true, pValues: [pValue], details: { sum, s_obs: sObs } };
}
