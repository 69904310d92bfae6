import { describe, expect, it } from 'vitest';
import {
  localEvaluator,
  slicedEvaluator,
} from '../../bisuna/training/evaluation/local-evaluator.js';
import { reproducibleAgentStateJson } from '../../bisuna/training/agent-state-json.js';
import type { AgentTrainingState } from '../../bisuna/training/agent-trainer.js';
import { BundleError } from '../../scoring/errors.js';
import { datOf } from '../../scoring/test-support/fixtures.js';
import { NETWORK_BUNDLE_FILES } from '../../task/manifest.js';
import { kindEnvironments, kindOf, parseAnyTaskSpec } from '../registry.js';
import {
  OTHER_SEED,
  SEED,
  TEST_VERIFIER,
  handMultiplexer6,
  handNetwork,
  networkBundle,
} from '../test-support/networks.js';
import { caseAnswer, multiplexerShape, writeCaseInputs } from './cases.js';
import {
  defaultMultiplexerSpec,
  multiplexerKind,
  type MultiplexerSpec,
  type MultiplexerTrainingConfig,
} from './index.js';

function spec(addressBits = 2, stepsPerCase = 2): MultiplexerSpec {
  const s = defaultMultiplexerSpec({ ...TEST_VERIFIER, addressBits });
  s.environment.stepsPerCase = stepsPerCase;
  return s;
}

const score = (s: MultiplexerSpec, files: Map<string, Uint8Array>, testSeed = SEED) =>
  multiplexerKind.score({ spec: s, files, testSeed, testFiles: new Map() });

describe('the multiplexer', () => {
  it('presents case c as the reference does: input j is bit j, data first, the address last', () => {
    expect(multiplexerShape(2)).toEqual({ addressBits: 2, dataBits: 4, inputs: 6, cases: 64 });
    expect(multiplexerShape(3)).toEqual({ addressBits: 3, dataBits: 8, inputs: 11, cases: 2048 });
    const six = multiplexerShape(2);
    const words = new Uint16Array(6);
    writeCaseInputs(six, 0b01_0010, words);
    expect([...words]).toEqual([0, 1, 0, 0, 1, 0]);
    expect(caseAnswer(six, 0b01_0010)).toBe(1); // address 1 selects d1
    expect(caseAnswer(six, 0b10_0010)).toBe(0); // address 2 selects d2
    expect(caseAnswer(multiplexerShape(3), (7 << 8) | 0x80)).toBe(1);
  });
});

describe('multiplexer spec', () => {
  it('validates the default specs and names every bad field', () => {
    expect(parseAnyTaskSpec(spec(3))).toEqual(spec(3));
    const bad = { ...spec(), environment: { addressBits: 5, stepsPerCase: 0 } };
    expect(() => parseAnyTaskSpec(bad)).toThrow(
      /environment\.addressBits.*environment\.stepsPerCase/,
    );
    const crowded = { ...spec(), training: { ...spec().training, noveltyMapSize: 100 } };
    expect(() => parseAnyTaskSpec(crowded)).toThrow(/training\.noveltyMapSize: must be smaller/);
    expect(() => parseAnyTaskSpec({ ...spec(), extra: 1 })).toThrow(/extra/);
    expect(() => parseAnyTaskSpec({ ...spec(), kind: 'bisuna-sudoku' })).toThrow(
      /kind: "bisuna-sudoku" is not a task kind \(known: bisuna-cipher, bisuna-multiplexer, bisuna-double-pole\)/,
    );
    expect(kindOf(spec())).toBe(multiplexerKind);
  });
});

describe('multiplexer scoring', () => {
  it('puts a perfect network on top: 2,000,000 plus its parsimony', async () => {
    const r = await score(spec(2, 2), networkBundle([handMultiplexer6()]));
    // 8 hidden neurons + 22 connections: floor(10^6 · 64 / 94) = 680,851
    expect(r).toEqual({
      score: 2_680_851n,
      formulaVersion: 1,
      terms: {
        accuracy: 1_000_000,
        perfect: 1,
        parsimony: 680_851,
        correct: 64,
        cases: 64,
        hiddenNeurons: 8,
        connections: 22,
      },
    });
  });

  it('scores an imperfect network by the cases it gets right, below every perfect one', async () => {
    // One step per case: the terms fire before g4 and g5, and half the cases go wrong.
    const oneStep = await score(spec(2, 1), networkBundle([handMultiplexer6()]));
    expect(oneStep.terms).toMatchObject({ correct: 32, perfect: 0, accuracy: 500_000 });
    expect(oneStep.score).toBe(500_000n);
    // A network that outputs 0 says 0 on every case: right on the half whose bit is 0.
    const silent = await score(spec(3), networkBundle([handNetwork(11, 1, [], [])]));
    expect(silent.terms).toMatchObject({ correct: 1024, cases: 2048 });
    expect(silent.score).toBe(500_000n);
    expect(multiplexerKind.band(silent)).toMatch(/below every perfect network/);
  });

  it('is deterministic, and draws Random neurons from the test seed case by case', async () => {
    // A Random neuron ORed into the output: a case reads 65535 when its draw has every bit set
    // besides what the threshold neuron sets (0xFF00).
    const noisy = handNetwork(
      6,
      1,
      ['random', 'threshold'],
      [
        [0, 7],
        [0, 8],
        [7, 6],
        [8, 6],
      ],
    );
    const files = networkBundle([noisy]);
    const a = await score(spec(2, 1), files);
    expect(await score(spec(2, 1), files)).toEqual(a);
    const b = await score(spec(2, 1), files, OTHER_SEED);
    expect([a.terms.correct, b.terms.correct]).toEqual([32, 33]);
    const replayA = await multiplexerKind.replay({ spec: spec(2, 1), files, testSeed: SEED });
    const replayB = await multiplexerKind.replay({ spec: spec(2, 1), files, testSeed: OTHER_SEED });
    expect(replayA.outputs).not.toEqual(replayB.outputs);
    expect(replayA.right.reduce((n, x) => n + x, 0)).toBe(a.terms.correct);
  });

  it('rejects a bundle it cannot score, naming the reason', async () => {
    const reason = async (files: Map<string, Uint8Array>, s = spec()) => {
      try {
        await score(s, files);
      } catch (error) {
        expect(error).toBeInstanceOf(BundleError);
        return (error as BundleError).reason;
      }
      return 'scored';
    };
    const good = networkBundle([handMultiplexer6()]);
    const without = (name: string) => new Map([...good].filter(([n]) => n !== name));
    expect(await reason(without(NETWORK_BUNDLE_FILES.network))).toBe('missing-file');
    expect(await reason(without(NETWORK_BUNDLE_FILES.manifest))).toBe('missing-file');
    expect(await reason(good, spec(3))).toBe('wrong-shape');
    expect(await reason(networkBundle([handMultiplexer6()], 1))).toBe('pair-out-of-range');
    const corrupt = new Map(good).set(NETWORK_BUNDLE_FILES.network, new Uint8Array([1, 2, 3]));
    expect(await reason(corrupt)).toBe('corrupt-dat');
    const tight = spec();
    tight.scoring.maxBundleBytes = 64;
    expect(await reason(good, tight)).toBe('oversized');
    const badManifest = new Map(good).set(
      'manifest.json',
      new TextEncoder().encode('{"network":-1}'),
    );
    expect(await reason(badManifest)).toBe('corrupt-dat');
    expect(await reason(new Map(good).set('network.dat', datOf([handMultiplexer6()])))).toBe(
      'scored',
    );
  });
});

describe('multiplexer training', () => {
  const small = () => {
    const s = spec(1);
    s.training.population = 20;
    s.training.noveltyMapSize = 4;
    s.training.initialMutations = 30;
    return multiplexerKind.training.config(s);
  };
  const train = async (
    config: MultiplexerTrainingConfig,
    options: { generations?: number; state?: AgentTrainingState<MultiplexerTrainingConfig> } = {},
    evaluator = localEvaluator(undefined, kindEnvironments()),
  ) => {
    const state = options.state ?? multiplexerKind.training.createState(config, 3);
    try {
      return await multiplexerKind.training.train({
        state,
        evaluator,
        generations: options.generations ?? 500,
      });
    } finally {
      await evaluator.close();
    }
  };
  /** The run's result bundle, scored against the 3-multiplexer's spec. */
  const scoreRun = (state: AgentTrainingState<MultiplexerTrainingConfig>) => {
    const files = new Map(multiplexerKind.training.networkFiles(state));
    const manifest = multiplexerKind.training.manifest(state, {
      taskId: '1',
      specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
      runner: 'test',
    });
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    return score(spec(1), files);
  };
  /** The run's checkpoint as it comes back from a file. */
  const checkpointOf = (state: AgentTrainingState<MultiplexerTrainingConfig>) =>
    JSON.parse(JSON.stringify(multiplexerKind.training.toJson(state)));
  /** Trains `generations` from the checkpoint (as read back) of a run stopped at `at`. */
  const resumedRun = async (
    config: MultiplexerTrainingConfig,
    at: number,
    generations: number,
    edit: (checkpoint: { config: Record<string, unknown> }) => void = () => {},
  ) => {
    const json = checkpointOf((await train(config, { generations: at })).state);
    edit(json);
    return train(config, { generations, state: multiplexerKind.training.fromJson(json) });
  };
  /** Expects the run to be the same on two lanes as in-thread, and resumed from generation `at`. */
  const expectReproducible = async (
    config: MultiplexerTrainingConfig,
    generations: number,
    at: number,
  ) => {
    const straight = await train(config, { generations });
    const split = await train(
      config,
      { generations },
      slicedEvaluator(2, undefined, {}, kindEnvironments()),
    );
    expect(reproducibleAgentStateJson(split.state)).toEqual(
      reproducibleAgentStateJson(straight.state),
    );
    const resumed = await resumedRun(config, at, generations);
    expect(reproducibleAgentStateJson(resumed.state)).toEqual(
      reproducibleAgentStateJson(straight.state),
    );
  };

  it('solves the 3-multiplexer, and the bundle it makes scores on top', async () => {
    const r = await train(small());
    expect(r.stopped).toBe('solved');
    expect(r.state.solvedAt).toMatchObject({ generation: r.state.generation });
    const report = await scoreRun(r.state);
    expect(report.terms.perfect).toBe(1);
    expect(report.score).toBeGreaterThanOrEqual(2_000_000n);
  });

  it('gives the same run on two lanes as in-thread, and resumes a checkpoint exactly', async () => {
    await expectReproducible(small(), 30, 12);
  });

  it('with a case sample, plays a fresh sample each generation and still solves only on all cases, the same on two lanes and resumed', async () => {
    const config = { ...small(), caseSample: 4 };
    const run = await train(config, { generations: 2000 });
    expect(run.stopped).toBe('solved');
    const { champion } = run.state;
    // The generation's best played 4 cases; the champion is judged on all 8.
    expect(champion!.figure).toBe(4);
    expect(champion!.figures).toEqual({ correct: 8, cases: 8 });
    expect(
      multiplexerKind.training.config({
        ...spec(1),
        training: { ...spec(1).training, caseSample: 4 },
      }).caseSample,
    ).toBe(4);
    expect((await scoreRun(run.state)).terms.perfect).toBe(1);

    await expectReproducible(config, 40, 15);
    const json = checkpointOf(run.state);
    expect(() =>
      multiplexerKind.training.fromJson({ ...json, config: { ...json.config, caseSample: -1 } }),
    ).toThrow(/caseSample = -1/);
  });

  it('resumes a checkpoint written before lexicase selection existed, without it', async () => {
    const config = { ...small(), lexicase: false, fitnessSharing: false };
    const straight = await train(config, { generations: 20 });
    const resumed = await resumedRun(config, 8, 20, (json) => delete json.config.lexicase);
    expect(resumed.state.config.lexicase).toBe(false);
    expect(reproducibleAgentStateJson(resumed.state)).toEqual(
      reproducibleAgentStateJson(straight.state),
    );
    const json = checkpointOf(straight.state);
    expect(() =>
      multiplexerKind.training.fromJson({ ...json, config: { ...json.config, lexicase: 'yes' } }),
    ).toThrow(/lexicase = "yes"/);
  });

  it('refuses a checkpoint of another kind or another shape', () => {
    const json = multiplexerKind.training.toJson(multiplexerKind.training.createState(small(), 1));
    expect(multiplexerKind.training.ownsCheckpoint(json)).toBe(true);
    expect(() =>
      multiplexerKind.training.fromJson({ ...json, kind: 'bisuna-double-pole' }),
    ).toThrow(/a run of "bisuna-double-pole"/);
    const config = { ...(json.config as object), addressBits: 2 };
    expect(() => multiplexerKind.training.fromJson({ ...json, config })).toThrow(/inputs\/outputs/);
  });
});
