import { describe, expect, it } from 'vitest';
import { writePopulation } from '../bisuna/index.js';
import {
  createTrainingState,
  toDatPopulation,
  trainCipher,
  trainingConfigFromJson,
} from '../bisuna/training/index.js';
import { scoreSubmission } from './score.js';
import { SEED, addRotateModule, manifestFor, testSpec } from './test-support/fixtures.js';

describe('training and scoring agree on the short-key layout', () => {
  it('a pair training says decrypts every test stream scores accuracy 1', async () => {
    const config = trainingConfigFromJson({
      population: 8,
      noveltyMapSize: 3,
      initialMutations: 10,
      steps: 24,
      eveAdvantage: 6,
      testStreams: 3,
      numGensMaxExpectedReward: 1,
      adversaryRequiresTraining: false,
      preTrainAB: true,
      generations: 20,
    });
    expect(config.keyRegime).toBe('short-key');
    const state = createTrainingState(config, 8);
    // Seed both populations with the add-rotate keystream, which reads the key inputs.
    for (const pop of [state.alices, state.bobs]) {
      pop.cells.forEach((c, i) => {
        c.module = addRotateModule(3, 3);
        c.module.params.networkID = i;
      });
    }
    const r = await trainCipher({ config, seed: 8, state });
    expect(r.history[0]).toMatchObject({ testPerfect: 3 });
    const alice = writePopulation(toDatPopulation(r.state.alices, r.alice));
    const bob = writePopulation(toDatPopulation(r.state.bobs, r.bob));
    const report = await scoreSubmission({
      spec: testSpec({ small: true }),
      manifest: manifestFor(0, 0),
      alice,
      bob,
      testSeed: SEED,
      testFiles: new Map(),
    });
    expect(report.terms.perfect).toBe(1);
    expect(report.terms.accuracy).toBe(1_000_000);
  });
});
