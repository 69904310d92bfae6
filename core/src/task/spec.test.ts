import { describe, expect, it } from 'vitest';
import {
  TaskDocumentError,
  defaultTaskSpec,
  parseResultManifest,
  parseTaskSpec,
  parseTaskSpecJson,
  specVerifiers,
  type TaskSpec,
} from './index.js';

const verifier = {
  verifierUrl: 'http://127.0.0.1:8888/api/verify',
  verifierAddress: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
};

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskDocumentError);
    return (error as TaskDocumentError).problems;
  }
  throw new Error('expected a TaskDocumentError');
}

function withChange(change: (spec: Record<string, any>) => void) {
  const spec = structuredClone(defaultTaskSpec(verifier)) as Record<string, any>;
  change(spec);
  return spec;
}

describe('task spec', () => {
  it('accepts the default spec and keeps short-key as the default regime', () => {
    const spec = defaultTaskSpec(verifier);
    expect(parseTaskSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    expect(spec.training.keyRegime).toBe('short-key');
    expect(spec.scoring.weights.structure).toBe(1);
  });

  it('accepts a spec written before the structure weight existed, as it was', () => {
    const old = withChange((s) => delete s.scoring.weights.structure);
    expect(parseTaskSpec(old).scoring.weights).toEqual({
      nist: 1,
      correlation: 1,
      keySensitivity: 1,
      eve: 1,
    });
  });

  it.each<[string, (s: Record<string, any>) => void, string]>([
    ['a wrong kind', (s) => (s.kind = 'mining'), 'kind'],
    ['a missing title', (s) => delete s.title, 'title'],
    ['a blank title', (s) => (s.title = '   '), 'title'],
    ['a fractional population', (s) => (s.training.population = 10.5), 'training.population'],
    [
      'a novelty map as large as the population',
      (s) => (s.training.noveltyMapSize = 100),
      'training.noveltyMapSize',
    ],
    [
      'a probability above 1',
      (s) => (s.training.mutation.addNeuron = 1.5),
      'training.mutation.addNeuron',
    ],
    ['an unknown key regime', (s) => (s.training.keyRegime = 'none'), 'training.keyRegime'],
    [
      'otp with a short key',
      (s) => ((s.training.keyRegime = 'otp'), (s.training.keyWords = 1)),
      'training.keyWords',
    ],
    [
      'a bad test file CID',
      (s) => (s.scoring.testFiles = [{ name: 'e', cid: 'nope', format: 'binary' }]),
      'scoring.testFiles.0.cid',
    ],
    ['a javascript: verifier URL', (s) => (s.verifier.url = 'javascript:alert(1)'), 'verifier.url'],
    ['a bad verifier address', (s) => (s.verifier.address = '0x123'), 'verifier.address'],
    ['an unknown field', (s) => (s.extra = true), ''],
  ])('rejects %s, naming the field', (_label, change, path) => {
    const problems = problemsOf(() => parseTaskSpec(withChange(change)));
    expect(problems.map((p) => p.path)).toContain(path);
  });

  it('names the field in the error message', () => {
    expect(() => parseTaskSpec(withChange((s) => (s.training.steps = -1)))).toThrow(
      /invalid task spec: training\.steps: /,
    );
  });

  it('rejects text that is not JSON with a TaskDocumentError', () => {
    expect(() => parseTaskSpecJson('{"schema":')).toThrow(TaskDocumentError);
    expect(() => parseTaskSpecJson('{"schema":')).toThrow(/not JSON/);
  });

  it('rejects values that are not objects', () => {
    for (const value of [null, 42, 'spec', [], undefined]) {
      expect(() => parseTaskSpec(value)).toThrow(TaskDocumentError);
    }
  });

  it('names several verifiers with their endpoints, the first among them', () => {
    const other = {
      url: 'http://127.0.0.1:8889/api/verify',
      address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    };
    const spec = defaultTaskSpec(verifier);
    const first = { url: verifier.verifierUrl, address: verifier.verifierAddress };
    expect(specVerifiers(spec)).toEqual([first]);
    const quorum = parseTaskSpec({ ...spec, verifiers: [other, first] });
    expect(specVerifiers(quorum)).toEqual([other, first]);
    expect(() => parseTaskSpec({ ...spec, verifiers: [other] })).toThrow(
      /verifier\.address.*not among verifiers/,
    );
    expect(() =>
      parseTaskSpec({
        ...spec,
        verifiers: [first, { ...first, address: first.address.toLowerCase() }],
      }),
    ).toThrow(/verifiers\.1\.address.*named twice/);
    expect(() => parseTaskSpec({ ...spec, verifiers: [] })).toThrow(/verifiers/);
  });

  it('types the parsed spec', () => {
    const spec: TaskSpec = defaultTaskSpec({
      ...verifier,
      training: { payloadWords: 2, keyWords: 2 },
    });
    expect(spec.training.payloadWords).toBe(2);
  });
});

describe('result manifest', () => {
  const manifest = {
    schema: 'tem/result-bundle',
    version: 1,
    taskId: '7',
    specCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
    pair: { alice: 3, bob: 3 },
    training: {
      seed: '42',
      generations: 100,
      seconds: 12.5,
      bestFitness: 1000,
      runner: 'tem 0.1.0',
    },
    history: [{ generation: 0, bestAliceBob: 10, bestEve: null }],
  };

  it('accepts a well-formed manifest', () => {
    expect(parseResultManifest(manifest)).toEqual(manifest);
  });

  it('rejects a task id that is not a decimal string', () => {
    const problems = problemsOf(() => parseResultManifest({ ...manifest, taskId: '0x07' }));
    expect(problems[0]?.path).toBe('taskId');
  });

  it('rejects a negative pair index', () => {
    const problems = problemsOf(() =>
      parseResultManifest({ ...manifest, pair: { alice: -1, bob: 0 } }),
    );
    expect(problems[0]?.path).toBe('pair.alice');
  });
});
