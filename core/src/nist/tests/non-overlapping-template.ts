import type { BitSequence } from '../bit-sequence.js';
import { slidingWindows } from '../bits.js';
import { igamc } from '../math/cephes.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';
import { templateLabel, testedTemplates } from '../templates.js';

/** Options of the Non-overlapping Template Matching test. */
export interface NonOverlappingTemplateOptions {
  /** Template length m, 2..21 (sts default 9: the 148 aperiodic 9-bit templates). */
  templateLength?: number;
  /** Number of blocks N (sts fixes 8). */
  blocks?: number;
}

/**
 * Non-overlapping template matching, SP 800-22 2.7: for each aperiodic template, matches per block
 * counted as the suite scans (after a match the scan resumes m bits later). One p-value per
 * template, in the order of the suite's template file.
 */
export function nonOverlappingTemplateTest(
  seq: BitSequence,
  options: NonOverlappingTemplateOptions = {},
): NistTestResult {
  const m = checkInt('NonOverlappingTemplate templateLength', options.templateLength ?? 9, 2, 21);
  const N = checkInt('NonOverlappingTemplate blocks', options.blocks ?? 8, 1, 1 << 20);
  const n = seq.length;
  const short = needsBits(
    'NonOverlappingTemplate',
    n,
    N * m,
    `${N} blocks of at least m = ${m} bits`,
  );
  if (short) return short;
  const M = Math.floor(n / N);
  const lambda = (M - m + 1) / Math.pow(2, m);
  const varWj = M * (1.0 / Math.pow(2.0, m) - (2.0 * m - 1.0) / Math.pow(2.0, 2.0 * m));
  const sd = Math.sqrt(varWj);

  // One pass over every in-block window: each tested template keeps its own count and the
  // position where its scan may match again (the suite skips m - 1 positions after a match).
  const templates = testedTemplates(m);
  const T = templates.length;
  const slot = new Int32Array(2 ** m).fill(-1);
  templates.forEach((t, i) => (slot[t] = i));
  const perBlock = M - m + 1;
  const values = slidingWindows(seq.words, N * M - m + 1, m);
  const W = new Uint32Array(T * N);
  const next = new Int32Array(T);
  for (let i = 0; i < N; i++) {
    next.fill(0);
    const base = i * M;
    for (let j = 0; j < perBlock; j++) {
      const t = slot[values[base + j]!]!;
      if (t >= 0 && j >= next[t]!) {
        W[t * N + i]!++;
        next[t] = j + m;
      }
    }
  }
  const pValues: number[] = [];
  for (let t = 0; t < T; t++) {
    let chi2 = 0.0;
    for (let i = 0; i < N; i++) chi2 += Math.pow((W[t * N + i]! - lambda) / sd, 2);
    pValues.push(igamc(N / 2.0, chi2 / 2.0));
  }
  return {
    name: 'NonOverlappingTemplate',
    applicable: true,
    pValues,
    labels: templates.map((t) => templateLabel(t, m)),
    details: { M, N, m, lambda },
  };
}
