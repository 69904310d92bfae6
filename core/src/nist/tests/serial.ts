import type { BitSequence } from '../bit-sequence.js';
import { cyclicPatternCounts, marginalCounts } from '../bits.js';
import { igamc } from '../math/cephes.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Options of the Serial test. */
export interface SerialOptions {
  /** Block length m, 1..22 (sts default 16). */
  blockLength?: number;
}

/** The suite's psi^2_m from the cyclic m-bit pattern counts. */
function psi2(counts: Uint32Array, m: number, n: number): number {
  let sum = 0.0;
  for (let i = 0; i < counts.length; i++) sum += counts[i]! * counts[i]!;
  return (sum * Math.pow(2, m)) / n - n;
}

/** Serial test, SP 800-22 2.11: two p-values (del psi^2_m, then del^2 psi^2_m). */
export function serialTest(seq: BitSequence, options: SerialOptions = {}): NistTestResult {
  const m = checkInt('Serial blockLength', options.blockLength ?? 16, 1, 22);
  const n = seq.length;
  const short = needsBits('Serial', n, 1, 'at least one bit');
  if (short) return short;
  const counts0 = cyclicPatternCounts(seq.cyclicWords(m - 1), n, m);
  const counts1 = marginalCounts(counts0);
  const counts2 = marginalCounts(counts1);
  const psim0 = psi2(counts0, m, n);
  const psim1 = m - 1 >= 1 ? psi2(counts1, m - 1, n) : 0.0;
  const psim2 = m - 2 >= 1 ? psi2(counts2, m - 2, n) : 0.0;
  const del1 = psim0 - psim1;
  const del2 = psim0 - 2.0 * psim1 + psim2;
  const p1 = igamc(Math.pow(2, m - 1) / 2, del1 / 2.0);
  const p2 = igamc(Math.pow(2, m - 2) / 2, del2 / 2.0);
  return {
    name: 'Serial',
    applicable: true,
    pValues: [p1, p2],
    labels: ['del psi^2', 'del^2 psi^2'],
    details: { psim0, psim1, psim2, del1, del2 },
  };
}
