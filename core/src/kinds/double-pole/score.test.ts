import { describe, expect, it } from 'vitest';
import { localEvaluator } from '../../bisuna/training/evaluation/local-evaluator.js';
import { BundleError } from '../../scoring/errors.js';
import { kindEnvironments, parseAnyTaskSpec } from '../registry.js';
import {
  OTHER_SEED,
  SEED,
  TEST_VERIFIER,
  handNetwork,
  networkBundle,
} from '../test-support/networks.js';
import {
  DOUBLE_POLE_KIND,
  defaultDoublePoleSpec,
  doublePoleKind,
  doublePoleReport,
  type DoublePoleSpec,
} from './index.js';

const spec = (velocities = false): DoublePoleSpec =>
  defaultDoublePoleSpec({ ...TEST_VERIFIER, velocities });
const score = (s: DoublePoleSpec, files: Map<string, Uint8Array>, testSeed = SEED) =>
  doublePoleKind.score({ spec: s, files, testSeed, testFiles: new Map() });

/** Inputs x, θ1, θ2 (0 … 2), output 3. */
const networks = {
  /** Outputs 0: −100 N, clipped to −10 N, every step. */
  silent: handNetwork(3, 1, [], []),
  /** Outputs NOT θ1's word: about −10·θ1 N. */
  negatedAngle: handNetwork(3, 1, [], [[1, 3]]),
  /** ORs a Random neuron's draw into a roll of θ1's state. */
  noisy: handNetwork(
    3,
    1,
    ['random', 'roll'],
    [
      [1, 4],
      [4, 3],
      [1, 5],
      [5, 3],
    ],
  ),
};

describe('double pole spec', () => {
  it('validates the defaults and names every bad field', () => {
    expect(parseAnyTaskSpec(spec())).toEqual(spec());
    const bad = {
      ...spec(),
      environment: { velocities: 'yes', observations: 'scaled' },
      training: { ...spec().training, generalisationTarget: 626 },
    };
    expect(() => parseAnyTaskSpec(bad)).toThrow(
      /environment\.velocities.*environment\.observations.*training\.generalisationTarget/,
    );
    expect(spec().kind).toBe(DOUBLE_POLE_KIND);
  });
});

describe('double pole scoring', () => {
  it('gives these scores (fixed vectors), the same on every run', async () => {
    const got = [];
    for (const net of Object.values(networks)) {
      for (const seed of [SEED, OTHER_SEED]) {
        const r = await score(spec(), networkBundle([net]), seed);
        got.push([r.score, r.terms.longSteps, r.terms.generalisation]);
      }
    }
    expect(got).toEqual([
      [40n, 4, 0],
      [40n, 4, 0],
      [110n, 11, 0],
      [110n, 11, 0],
      [50n, 5, 0],
      [70n, 7, 0],
    ]);
  });

  it('ranks by steps below 100,000 and by generalisation above', () => {
    const report = (longSteps: number, generalisation: number) =>
      doublePoleReport({ longSteps, generalisation, generalised: new Uint8Array(625) });
    expect(report(99_999, 625).score).toBe(999_990n);
    expect(report(100_000, 0).score).toBe(2_000_000n);
    expect(report(100_000, 200).score).toBe(2_320_000n);
    expect(report(100_000, 625).score).toBe(3_000_000n);
    expect(report(100_000, 1).terms).toEqual({
      longSteps: 100_000,
      balanced: 1,
      generalisation: 1,
      generalisationPpm: 1_600,
    });
  });

  it('replays the trajectory the site animates, from the scoring random sources', async () => {
    const files = networkBundle([networks.negatedAngle]);
    const replay = await doublePoleKind.replay({ spec: spec(), files, testSeed: SEED });
    expect(replay.steps).toBe(12);
    expect(replay.trajectory.length).toBe(6 * 13);
    expect([...replay.trajectory.subarray(0, 6)]).toEqual([0, 0, 0.07, 0, 0, 0]);
    expect(replay.longSteps).toBe(11);
    expect(replay.generalised.length).toBe(625);
    expect(replay.forces.every((f) => Math.abs(f) <= 10)).toBe(true);
  });

  it('rejects a network of the other variant as wrong-shape', async () => {
    await expect(score(spec(true), networkBundle([networks.silent]))).rejects.toThrow(BundleError);
    await expect(score(spec(true), networkBundle([networks.silent]))).rejects.toMatchObject({
      reason: 'wrong-shape',
    });
  });
});

describe('double pole training', () => {
  it('runs generations on the evaluator and tests the best agent', async () => {
    const s = spec();
    s.training.population = 12;
    s.training.noveltyMapSize = 3;
    s.training.initialMutations = 40;
    s.training.episodeSteps = 100;
    s.training.randomStarts = 1;
    const t = doublePoleKind.training;
    const state = t.createState(t.config(s), 5);
    const evaluator = localEvaluator(undefined, kindEnvironments());
    const r = await t.train({ state, evaluator, generations: 8 });
    await evaluator.close();
    expect(r.stopped).toBe('generations');
    expect(r.state.history).toHaveLength(8);
    expect(r.state.evaluations).toBe(96);
    expect(r.state.champion?.figures.standardSteps).toBeGreaterThan(0);
    expect(
      t.manifest(r.state, {
        taskId: '0',
        specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
        runner: 'test',
      }),
    ).toMatchObject({ network: 0 });
  });
});
