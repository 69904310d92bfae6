/**
 * NIST SP 800-22 rev 1a: the 15 statistical tests for randomness, computed exactly as NIST's
 * reference suite sts-2.1.2 computes them (its cephes igamc, its constants and tables, its
 * quirks), on bit-packed input, in any JavaScript runtime.
 *
 * @example
 * import { BitSequence, runNistSuite } from '@tem/core/nist';
 * const seq = new BitSequence(bytes, 1_000_000); // MSB-first per byte, as sts reads binary files
 * for (const r of runNistSuite(seq)) console.log(r.name, r.applicable ? r.pValues : r.reason);
 */
export { BitSequence, MAX_BITS } from './bit-sequence.js';
export { NistInputError, NistParameterError } from './errors.js';
export { NIST_TEST_NAMES, type NistTestName, type NistTestResult } from './result.js';
export { NIST_TESTS, runNistSuite, type NistSuiteOptions } from './suite.js';
export { aperiodicTemplates, testedTemplates, templateLabel } from './templates.js';
export { igamc, igam, lgam } from './math/cephes.js';
export { erf, erfc, normalCdf } from './math/erf.js';
export { fft } from './math/fft.js';
export { frequencyTest } from './tests/frequency.js';
export { blockFrequencyTest, type BlockFrequencyOptions } from './tests/block-frequency.js';
export { cumulativeSumsTest } from './tests/cumulative-sums.js';
export { runsTest } from './tests/runs.js';
export { longestRunTest } from './tests/longest-run.js';
export { rankTest } from './tests/rank.js';
export { dftTest } from './tests/dft.js';
export {
  nonOverlappingTemplateTest,
  type NonOverlappingTemplateOptions,
} from './tests/non-overlapping-template.js';
export {
  overlappingTemplateTest,
  type OverlappingTemplateOptions,
} from './tests/overlapping-template.js';
export { universalTest, type UniversalOptions } from './tests/universal.js';
export {
  approximateEntropyTest,
  type ApproximateEntropyOptions,
} from './tests/approximate-entropy.js';
export { randomExcursionsTest } from './tests/random-excursions.js';
export { randomExcursionsVariantTest } from './tests/random-excursions-variant.js';
export { serialTest, type SerialOptions } from './tests/serial.js';
export { linearComplexityTest, type LinearComplexityOptions } from './tests/linear-complexity.js';
