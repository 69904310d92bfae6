/** The part of a NIST SP 800-22 test result the randomness term reads. */
export interface PValueResult {
  name: string;
  applicable: boolean;
  pValues: readonly number[];
}

/** Significance level of every test (sts-2.1.2's default). */
export const NIST_ALPHA = 0.01;

/** The randomness figures of one ciphertext sequence; NaN when no test was applicable. */
export interface RandomnessFigures {
  /** Mean over applicable tests of the fraction of the test's p-values >= alpha. */
  passFraction: number;
  /** 1 - Kolmogorov-Smirnov distance between all p-values (pooled) and the uniform law. */
  uniformity: number;
  applicableTests: number;
  pValues: number;
}

/**
 * Turns NIST p-values into the randomness figures (docs/scoring.md "Randomness"). Each test counts
 * once in the pass fraction, whatever its number of p-values (NonOverlappingTemplate has 148);
 * the uniformity pools every p-value, as a random sequence gives uniform p-values.
 *
 * @example
 * randomnessFigures([{ name: 'Frequency', applicable: true, pValues: [0.5] }]).passFraction; // 1
 */
export function randomnessFigures(results: readonly PValueResult[]): RandomnessFigures {
  let passSum = 0;
  let tests = 0;
  const pooled: number[] = [];
  for (const r of results) {
    if (!r.applicable || r.pValues.length === 0) continue;
    tests++;
    let pass = 0;
    for (const p of r.pValues) {
      // A NaN p-value (the suite's degenerate cases) fails and counts as 0 in the pooled law.
      const v = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
      if (v >= NIST_ALPHA) pass++;
      pooled.push(v);
    }
    passSum += pass / r.pValues.length;
  }
  if (tests === 0) return { passFraction: NaN, uniformity: NaN, applicableTests: 0, pValues: 0 };
  return {
    passFraction: passSum / tests,
    uniformity: 1 - ksDistanceUniform(pooled),
    applicableTests: tests,
    pValues: pooled.length,
  };
}

/** Kolmogorov-Smirnov statistic sup |F_n(x) - x| of a sample against the uniform law on [0, 1]. */
export function ksDistanceUniform(sample: readonly number[]): number {
  const s = [...sample].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    d = Math.max(d, (i + 1) / n - s[i]!, s[i]! - i / n);
  }
  return d;
}
