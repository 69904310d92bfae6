/**
 * The `bisuna-double-pole` kind: double pole balancing on a cart (Wieland 1991; Gruau, Whitley and
 * Pyeatt 1996), with or without velocity inputs, scored by the standard test
 * (docs/scoring-double-pole.md).
 */
import type { AgentTrainingState } from '../../bisuna/training/agent-trainer.js';
import { parseTestSeed } from '../../scoring/seed.js';
import type { BundleFiles, TaskKind } from '../kind.js';
import { NETWORK_BUNDLE, loadNetwork } from '../network/bundle.js';
import { DOUBLE_POLE_FIELDS, describeDoublePoleSpec } from './describe.js';
import { doublePoleTrainingEnvironment } from './environment.js';
import { observationInputs } from './interface.js';
import { doublePoleReplay, type DoublePoleReplay } from './replay.js';
import {
  DOUBLE_POLE_FORMULA_VERSION,
  doublePoleReport,
  observationOf,
  poleTest,
  scoringRandom,
} from './score.js';
import {
  DOUBLE_POLE_KIND,
  defaultDoublePoleSpec,
  doublePoleSpec,
  type DoublePoleSpec,
} from './spec.js';
import { doublePoleTraining, type DoublePoleTrainingConfig } from './training.js';

export * from './spec.js';
export * from './physics.js';
export * from './interface.js';
export { sin, cos } from './trig.js';
export { balance, clipForce, type StepObserver } from './balance.js';
export * from './score.js';
export { doublePoleReplay, REPLAY_STEPS, type DoublePoleReplay } from './replay.js';
export { doublePoleTrainingConfig, type DoublePoleTrainingConfig } from './training.js';

function networkOf(spec: DoublePoleSpec, files: BundleFiles) {
  const inputs = observationInputs(observationOf(spec.environment));
  return loadNetwork(files, spec.scoring.maxBundleBytes, inputs, 1).cell.module;
}

export const doublePoleKind: TaskKind<
  DoublePoleSpec,
  DoublePoleTrainingConfig,
  AgentTrainingState<DoublePoleTrainingConfig>,
  DoublePoleReplay
> = {
  id: DOUBLE_POLE_KIND,
  title: 'Double pole balancing',
  summary:
    'One BiSUNA network pushes a cart to keep two poles of different lengths upright: 100,000 steps from the standard start, and from as many of 625 other starts as it can.',
  specSchema: doublePoleSpec,
  defaultSpec: (options) => defaultDoublePoleSpec(options),
  fields: DOUBLE_POLE_FIELDS,
  describe: describeDoublePoleSpec,
  bundleFiles: NETWORK_BUNDLE,
  testFiles: () => [],
  checkScoringBudget: () => {},
  checkBundle(spec, files) {
    networkOf(spec, files);
  },
  formulaVersion: DOUBLE_POLE_FORMULA_VERSION,
  async score(input) {
    const seed = parseTestSeed(input.testSeed);
    const module = networkOf(input.spec, input.files);
    input.onProgress?.({ stage: 'balance', fraction: 0 });
    const test = poleTest(module, observationOf(input.spec.environment), scoringRandom(seed));
    input.onProgress?.({ stage: 'balance', fraction: 1 });
    return doublePoleReport(test);
  },
  terms: [
    { name: 'longSteps', help: 'steps balanced from the standard start (at most 100,000)' },
    { name: 'balanced', help: 'all 100,000 steps balanced (0/1): ranks above every other network' },
    { name: 'generalisation', help: 'of the 625 standard starts, those balanced 1,000 steps' },
    { name: 'generalisationPpm', help: 'the same in ppm of 625 (floored)' },
  ],
  band: (r) =>
    r.terms.balanced
      ? 'balanced 100,000 steps: ranks by generalisation, above every network that fell'
      : 'fell before 100,000 steps: ranks by steps balanced',
  countsLine: (r) =>
    `${r.terms.longSteps} steps from the standard start, ${r.terms.generalisation} of 625 starts generalised`,
  training: doublePoleTraining,
  environments: [doublePoleTrainingEnvironment as never],
  async replay(input) {
    const module = networkOf(input.spec, input.files);
    return doublePoleReplay(
      module,
      observationOf(input.spec.environment),
      scoringRandom(parseTestSeed(input.testSeed)),
    );
  },
};
