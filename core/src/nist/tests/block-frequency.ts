import type { BitSequence } from '../bit-sequence.js';
import { countOnes } from '../bits.js';
import { igamc } from '../math/cephes.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Options of the Block Frequency test. */
export interface BlockFrequencyOptions {
  /** Block length M (sts default 128). */
  blockLength?: number;
}

/**
 * Frequency within a block, SP 800-22 2.2: the proportion of ones in each M-bit block.
 *
 * @example blockFrequencyTest(BitSequence.fromBitString('0110011010'), { blockLength: 3 })
 */
export function blockFrequencyTest(
  seq: BitSequence,
  options: BlockFrequencyOptions = {},
): NistTestResult {
  const M = checkInt('BlockFrequency blockLength', options.blockLength ?? 128, 1, 0x7fffffff);
  const n = seq.length;
  const short = needsBits('BlockFrequency', n, M, `one block of M = ${M} bits`);
  if (short) return short;
  const N = Math.floor(n / M);
  const words = seq.words;
  let sum = 0.0;
  for (let i = 0; i < N; i++) {
    const blockSum = countOnes(words, i * M, i * M + M);
    const v = blockSum / M - 0.5;
    sum += v * v;
  }
  const chi2 = 4.0 * M * sum;
  const pValue = igamc(N / 2.0, chi2 / 2.0);
  return { name: 'BlockFrequency', applicable: true, pValues: [pValue], details: { chi2, N, M } };
}
