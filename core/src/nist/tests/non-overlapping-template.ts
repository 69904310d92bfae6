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

  // Bucket every in-block window position by its m-bit value (a counting sort), so that each
  // template's matches can then be walked in order without rescanning the sequence.
  const perBlock = M - m + 1;
  const values = slidingWindows(seq.words, N * M - m + 1, m);
  const size = 2 ** m;
  const starts = new Uint32Array(size + 1);
  for (let i = 0; i < N; i++) {
    const end = i * M + perBlock;
    for (let p = i * M; p < end; p++) starts[values[p]! + 1]!++;
  }
  for (let v = 0; v < size; v++) starts[v + 1]! += starts[v]!;
  const fill = starts.slice(0, size);
  const positions = new Uint32Array(N * perBlock);
  for (let i = 0; i < N; i++) {
    const end = i * M + perBlock;
    for (let p = i * M; p < end; p++) positions[fill[values[p]!]!++] = p;
  }

  const templates = testedTemplates(m);
  const pValues: number[] = [];
  const W = new Uint32Array(N);
  for (const t of templates) {
    W.fill(0);
    let block = -1;
    let next = 0;
    for (let k = starts[t]!; k < starts[t + 1]!; k++) {
      const p = positions[k]!;
      const b = Math.floor(p / M);
      const j = p - b * M;
      if (b !== block) {
        block = b;
        next = 0;
      }
      if (j >= next) {
        W[b]!++;
        next = j + m;
      }
    }
    let chi2 = 0.0;
    for (let i = 0; i < N; i++) chi2 += Math.pow((W[i]! - lambda) / sd, 2);
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
