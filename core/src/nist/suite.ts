import type { BitSequence } from './bit-sequence.js';
import { excursionStats } from './random-walk.js';
import type { NistTestName, NistTestResult } from './result.js';
import {
  approximateEntropyTest,
  type ApproximateEntropyOptions,
} from './tests/approximate-entropy.js';
import { blockFrequencyTest, type BlockFrequencyOptions } from './tests/block-frequency.js';
import { cumulativeSumsTest } from './tests/cumulative-sums.js';
import { dftTest } from './tests/dft.js';
import { frequencyTest } from './tests/frequency.js';
import { linearComplexityTest, type LinearComplexityOptions } from './tests/linear-complexity.js';
import { longestRunTest } from './tests/longest-run.js';
import {
  nonOverlappingTemplateTest,
  type NonOverlappingTemplateOptions,
} from './tests/non-overlapping-template.js';
import {
  overlappingTemplateTest,
  type OverlappingTemplateOptions,
} from './tests/overlapping-template.js';
import { randomExcursionsVariantTest } from './tests/random-excursions-variant.js';
import { randomExcursionsTest } from './tests/random-excursions.js';
import { rankTest } from './tests/rank.js';
import { runsTest } from './tests/runs.js';
import { serialTest, type SerialOptions } from './tests/serial.js';
import { universalTest, type UniversalOptions } from './tests/universal.js';

/** Parameters of the whole suite, per test; anything left out takes sts-2.1.2's default. */
export interface NistSuiteOptions {
  blockFrequency?: BlockFrequencyOptions;
  nonOverlappingTemplate?: NonOverlappingTemplateOptions;
  overlappingTemplate?: OverlappingTemplateOptions;
  universal?: UniversalOptions;
  approximateEntropy?: ApproximateEntropyOptions;
  serial?: SerialOptions;
  linearComplexity?: LinearComplexityOptions;
  /** Run only these tests (default: all 15, in the suite's order). */
  only?: readonly NistTestName[];
}

/** One entry per test, in the suite's order; each runs the test with its options. */
export const NIST_TESTS: ReadonlyArray<{
  name: NistTestName;
  run(seq: BitSequence, options: NistSuiteOptions): NistTestResult;
}> = [
  { name: 'Frequency', run: (s) => frequencyTest(s) },
  { name: 'BlockFrequency', run: (s, o) => blockFrequencyTest(s, o.blockFrequency) },
  { name: 'CumulativeSums', run: (s) => cumulativeSumsTest(s) },
  { name: 'Runs', run: (s) => runsTest(s) },
  { name: 'LongestRun', run: (s) => longestRunTest(s) },
  { name: 'Rank', run: (s) => rankTest(s) },
  { name: 'FFT', run: (s) => dftTest(s) },
  {
    name: 'NonOverlappingTemplate',
    run: (s, o) => nonOverlappingTemplateTest(s, o.nonOverlappingTemplate),
  },
  { name: 'OverlappingTemplate', run: (s, o) => overlappingTemplateTest(s, o.overlappingTemplate) },
  { name: 'Universal', run: (s, o) => universalTest(s, o.universal) },
  { name: 'ApproximateEntropy', run: (s, o) => approximateEntropyTest(s, o.approximateEntropy) },
  { name: 'RandomExcursions', run: (s) => randomExcursionsTest(s) },
  { name: 'RandomExcursionsVariant', run: (s) => randomExcursionsVariantTest(s) },
  { name: 'Serial', run: (s, o) => serialTest(s, o.serial) },
  { name: 'LinearComplexity', run: (s, o) => linearComplexityTest(s, o.linearComplexity) },
];

/**
 * Runs the NIST SP 800-22 tests (all 15 by default) on a bit sequence, with sts-2.1.2's defaults.
 * Results come in the suite's order; the two excursion tests share one walk of the sequence.
 *
 * @example
 * const results = runNistSuite(new BitSequence(bytes, 1_000_000));
 * results.find((r) => r.name === 'Frequency')?.pValues; // [0.953749...] for the bits of e
 */
export function runNistSuite(seq: BitSequence, options: NistSuiteOptions = {}): NistTestResult[] {
  const wanted = options.only ? new Set(options.only) : undefined;
  const results: NistTestResult[] = [];
  let walk: ReturnType<typeof excursionStats> | undefined;
  for (const test of NIST_TESTS) {
    if (wanted && !wanted.has(test.name)) continue;
    if (test.name === 'RandomExcursions' || test.name === 'RandomExcursionsVariant') {
      walk ??= excursionStats(seq);
      results.push(
        test.name === 'RandomExcursions'
          ? randomExcursionsTest(seq, walk)
          : randomExcursionsVariantTest(seq, walk),
      );
    } else {
      results.push(test.run(seq, options));
    }
  }
  return results;
}
