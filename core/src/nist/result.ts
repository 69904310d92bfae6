/** The 15 tests, named and ordered as sts-2.1.2 reports them. */
export const NIST_TEST_NAMES = [
  'Frequency',
  'BlockFrequency',
  'CumulativeSums',
  'Runs',
  'LongestRun',
  'Rank',
  'FFT',
  'NonOverlappingTemplate',
  'OverlappingTemplate',
  'Universal',
  'ApproximateEntropy',
  'RandomExcursions',
  'RandomExcursionsVariant',
  'Serial',
  'LinearComplexity',
] as const;

/** One of the 15 test names. */
export type NistTestName = (typeof NIST_TEST_NAMES)[number];

/**
 * The outcome of one test: its p-values in the suite's order, or `applicable: false` with the
 * reason (then `pValues` is empty) when the input is too short or the suite declines to judge it.
 */
export interface NistTestResult {
  name: NistTestName;
  applicable: boolean;
  pValues: number[];
  /** What each p-value is about, when there are several (e.g. `x=-4`, `forward`, a template). */
  labels?: string[];
  /** Why the test is not applicable, e.g. `not applicable: needs n >= 1024 (one 32x32 matrix)`. */
  reason?: string;
  /** Intermediate figures worth showing (chi-square, counts), keyed by the suite's names. */
  details?: Record<string, number | number[]>;
}

/** A result for a test the input cannot be judged by. */
export function notApplicable(name: NistTestName, reason: string): NistTestResult {
  return { name, applicable: false, pValues: [], reason: `not applicable: ${reason}` };
}

/** A result that needs n >= `min` bits, or undefined when n is long enough. */
export function needsBits(
  name: NistTestName,
  n: number,
  min: number,
  why: string,
): NistTestResult | undefined {
  return n < min ? notApplicable(name, `needs n >= ${min} (${why}), got n = ${n}`) : undefined;
}
