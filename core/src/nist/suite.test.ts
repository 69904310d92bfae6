import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BitSequence } from './bit-sequence.js';
import { NIST_TEST_NAMES, type NistTestResult } from './result.js';
import { runNistSuite } from './suite.js';
import { aperiodicTemplates, templateLabel, testedTemplates } from './templates.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = path.resolve(repoRoot, '../shared/data/nist');

interface Reference {
  tests: Record<string, { p_values: number[]; p_values_full: number[]; labels?: string[] }>;
  input: { ones: number; first_64_bits: string };
}

describe('NIST suite on 1,000,000 bits of e (sts-2.1.2 reference values)', () => {
  const reference = JSON.parse(
    readFileSync(path.join(dataDir, 'data.e.json'), 'utf8'),
  ) as Reference;
  let seq: BitSequence;
  let results: NistTestResult[];

  beforeAll(() => {
    const bytes = new Uint8Array(readFileSync(path.join(dataDir, 'e.msb.bin')));
    seq = new BitSequence(bytes, 1_000_000);
    results = runNistSuite(seq);
  });

  it('reads the bits MSB-first, as the suite does', () => {
    let first = '';
    for (let i = 0; i < 64; i++) first += seq.bit(i);
    expect(first).toBe(reference.input.first_64_bits);
    let ones = 0;
    for (let i = 0; i < seq.length; i++) ones += seq.bit(i);
    expect(ones).toBe(reference.input.ones);
  });

  it('reports the 15 tests in the suite order, named as in the reference', () => {
    expect(results.map((r) => r.name)).toEqual([...NIST_TEST_NAMES]);
    expect(Object.keys(reference.tests)).toEqual([...NIST_TEST_NAMES]);
  });

  it.each([...NIST_TEST_NAMES])('%s: every p-value equals the suite within 1e-9', (name) => {
    const result = results.find((r) => r.name === name)!;
    const expected = reference.tests[name]!.p_values_full;
    expect(result.applicable).toBe(true);
    expect(result.pValues).toHaveLength(expected.length);
    result.pValues.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-9));
    // and the suite's printed 6-decimal values
    result.pValues.forEach((p, i) =>
      expect(p.toFixed(6)).toBe(reference.tests[name]!.p_values[i]!.toFixed(6)),
    );
  });

  it('labels multi-valued results like the reference (templates, states)', () => {
    for (const name of ['NonOverlappingTemplate', 'RandomExcursions', 'RandomExcursionsVariant']) {
      const result = results.find((r) => r.name === name)!;
      expect(result.labels).toEqual(reference.tests[name]!.labels);
    }
  });

  it('counts the cycles of the random walk as the suite (J = 1490)', () => {
    const re = results.find((r) => r.name === 'RandomExcursions')!;
    expect(re.details!.J).toBe(1490);
  });

  it('generates the 148 aperiodic 9-bit templates of templates/template9, in file order', () => {
    const templates = testedTemplates(9);
    expect(templates).toHaveLength(148);
    expect(templates.map((t) => templateLabel(t, 9))).toEqual(
      reference.tests.NonOverlappingTemplate!.labels,
    );
  });

  it('counts aperiodic templates as the suite numOfTemplates table does', () => {
    const counts = [2, 4, 6, 12, 20, 40, 74, 148, 284, 568, 1116, 2232, 4424, 8848];
    expect(counts.map((_, i) => aperiodicTemplates(i + 2).length)).toEqual(counts);
  });
});
