import type { BitSequence } from '../bit-sequence.js';
import { window } from '../bits.js';
import { igamc, lgam } from '../math/cephes.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';

/** Options of the Overlapping Template Matching test (template of m ones). */
export interface OverlappingTemplateOptions {
  /** Template length m (sts default 9). */
  templateLength?: number;
  /** Block length M (sts fixes 1032). */
  blockLength?: number;
}

/** The suite's `Pr(u, eta)`: probability of u overlapping matches in a block. */
function Pr(u: number, eta: number): number {
  if (u === 0) return Math.exp(-eta);
  let sum = 0.0;
  for (let l = 1; l <= u; l++) {
    sum += Math.exp(
      -eta -
        u * Math.log(2) +
        l * Math.log(eta) -
        lgam(l + 1) +
        lgam(u) -
        lgam(l) -
        lgam(u - l + 1),
    );
  }
  return sum;
}

/**
 * Overlapping template matching, SP 800-22 2.8, with the suite's probabilities (computed by
 * Pr(u, eta), not the SP's table): counts of overlapping runs of m ones per M-bit block, K = 5.
 */
export function overlappingTemplateTest(
  seq: BitSequence,
  options: OverlappingTemplateOptions = {},
): NistTestResult {
  const m = checkInt('OverlappingTemplate templateLength', options.templateLength ?? 9, 1, 32);
  const M = checkInt('OverlappingTemplate blockLength', options.blockLength ?? 1032, m, 0x7fffffff);
  const n = seq.length;
  const short = needsBits('OverlappingTemplate', n, M, `one block of M = ${M} bits`);
  if (short) return short;
  const K = 5;
  const N = Math.floor(n / M);
  const lambda = (M - m + 1) / Math.pow(2, m);
  const eta = lambda / 2.0;
  const pi = new Array<number>(K + 1);
  let sum = 0.0;
  for (let i = 0; i < K; i++) {
    pi[i] = Pr(i, eta);
    sum += pi[i]!;
  }
  pi[K] = 1 - sum;

  const ones = m === 32 ? 0xffffffff : (1 << m) - 1;
  const words = seq.words;
  const nu = new Array<number>(K + 1).fill(0);
  for (let i = 0; i < N; i++) {
    let W = 0;
    const base = i * M;
    for (let j = 0; j <= M - m; j++) if (window(words, base + j, m) === ones) W++;
    if (W <= 4) nu[W]!++;
    else nu[K]!++;
  }
  let chi2 = 0.0;
  for (let i = 0; i < K + 1; i++) chi2 += Math.pow(nu[i]! - N * pi[i]!, 2) / (N * pi[i]!);
  const pValue = igamc(K / 2.0, chi2 / 2.0);
  return {
    name: 'OverlappingTemplate',
    applicable: true,
    pValues: [pValue],
    details: { N, chi2, nu },
  };
}
