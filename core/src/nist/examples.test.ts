import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BitSequence } from './bit-sequence.js';
import type { NistTestResult } from './result.js';
import { approximateEntropyTest } from './tests/approximate-entropy.js';
import { blockFrequencyTest } from './tests/block-frequency.js';
import { cumulativeSumsTest } from './tests/cumulative-sums.js';
import { dftTest } from './tests/dft.js';
import { frequencyTest } from './tests/frequency.js';
import { linearComplexityTest } from './tests/linear-complexity.js';
import { longestRunTest } from './tests/longest-run.js';
import { overlappingTemplateTest } from './tests/overlapping-template.js';
import { randomExcursionsVariantTest } from './tests/random-excursions-variant.js';
import { randomExcursionsTest } from './tests/random-excursions.js';
import { rankTest } from './tests/rank.js';
import { runsTest } from './tests/runs.js';
import { serialTest } from './tests/serial.js';
import { universalTest } from './tests/universal.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = path.resolve(repoRoot, '../shared/data/nist');

interface Example {
  section: string;
  sts_function: string;
  param: number;
  input: string;
  n: number;
  sts_2_1_2_p_values: number[];
}

const examples = JSON.parse(
  readFileSync(path.join(dataDir, 'sp800-22-examples.json'), 'utf8'),
) as Example[];
const eBytes = new Uint8Array(readFileSync(path.join(dataDir, 'e.msb.bin')));
const piPrefix = /100-bit pi prefix ([01]{100})/.exec(examples.map((e) => e.input).join(' '))![1]!;

function inputOf(example: Example): BitSequence {
  const { input, n } = example;
  if (input.startsWith('first ') && input.includes(' bits of e')) return new BitSequence(eBytes, n);
  if (input.startsWith('100-bit pi prefix')) return BitSequence.fromBitString(piPrefix);
  const bits = /([01]+)$/.exec(input)?.[1];
  if (!bits || bits.length !== n) throw new Error(`cannot read example input ${input}`);
  return BitSequence.fromBitString(bits);
}

const runners: Record<string, (seq: BitSequence, param: number) => NistTestResult> = {
  Frequency: (s) => frequencyTest(s),
  BlockFrequency: (s, p) => blockFrequencyTest(s, { blockLength: p }),
  Runs: (s) => runsTest(s),
  LongestRun: (s) => longestRunTest(s),
  Rank: (s) => rankTest(s),
  FFT: (s) => dftTest(s),
  OverlappingTemplate: (s, p) => overlappingTemplateTest(s, { templateLength: p }),
  Universal: (s) => universalTest(s),
  LinearComplexity: (s, p) => linearComplexityTest(s, { blockLength: p }),
  Serial: (s, p) => serialTest(s, { blockLength: p }),
  ApproximateEntropy: (s, p) => approximateEntropyTest(s, { blockLength: p }),
  CumulativeSums: (s) => cumulativeSumsTest(s),
  RandomExcursions: (s) => randomExcursionsTest(s),
  RandomExcursionsVariant: (s) => randomExcursionsVariantTest(s),
};

describe('SP 800-22 worked examples, against sts-2.1.2', () => {
  it.each(examples.map((e) => [`${e.section} ${e.sts_function}(${e.param}) n=${e.n}`, e] as const))(
    '%s',
    (_, example) => {
      const seq = inputOf(example);
      expect(seq.length).toBe(example.n);
      const result = runners[example.sts_function]!(seq, example.param);
      expect(result.applicable).toBe(true);
      expect(result.pValues).toHaveLength(example.sts_2_1_2_p_values.length);
      result.pValues.forEach((p, i) => {
        expect(Math.abs(p - example.sts_2_1_2_p_values[i]!)).toBeLessThan(1e-9);
      });
    },
  );
});
