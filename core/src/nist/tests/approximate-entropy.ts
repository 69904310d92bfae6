import type { BitSequence } from '../bit-sequence.js';
import { cyclicPatternCounts, marginalCounts } from '../bits.js';
import { igamc } from '../math/cephes.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Options of the Approximate Entropy test. */
export interface ApproximateEntropyOptions {
  /** Block length m, 0..21 (sts default 10). */
  blockLength?: number;
}

function phi(counts: Uint32Array, n: number): number {
  let sum = 0.0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) sum += c * Math.log(c / n);
  }
  return sum / n;
}

/** Approximate entropy test, SP 800-22 2.12: overlapping m- and (m+1)-bit patterns, cyclic. */
export function approximateEntropyTest(
  seq: BitSequence,
  options: ApproximateEntropyOptions = {},
): NistTestResult {
  const m = checkInt('ApproximateEntropy blockLength', options.blockLength ?? 10, 0, 21);
  const n = seq.length;
  const short = needsBits('ApproximateEntropy', n, 1, 'at least one bit');
  if (short) return short;
  const countsNext = cyclicPatternCounts(seq.cyclicWords(m), n, m + 1);
  const apEn0 = m === 0 ? 0.0 : phi(marginalCounts(countsNext), n);
  const apEn1 = phi(countsNext, n);
  const apen = apEn0 - apEn1;
  const chi2 = 2.0 * n * (Math.log(2) - apen);
  const pValue = igamc(Math.pow(2, m - 1), chi2 / 2.0);
  return {
    name: 'ApproximateEntropy',
    applicable: true,
    pValues: [pValue],
    details: { chi2, apen },
  };
}
