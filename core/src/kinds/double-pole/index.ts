/**
 * The `bisuna-double-pole` kind: double pole balancing on a cart (Wieland 1991; Gruau, Whitley and
 * Pyeatt 1996), with or without velocity inputs, scored by the standard test
 * (docs/kinds/double-pole.md).
 */
import type { AgentEnvironment } from '../../bisuna/training/agent-slice.js';
import { networkKind } from '../network/kind.js';
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

export const doublePoleKind = networkKind<
  DoublePoleSpec,
  DoublePoleTrainingConfig,
  DoublePoleReplay
>({
  id: DOUBLE_POLE_KIND,
  title: 'Double pole balancing',
  summary:
    'One BiSUNA network pushes a cart to keep two poles of different lengths upright: 100,000 steps from the standard start, and from as many of 625 other starts as it can.',
  specSchema: doublePoleSpec,
  defaultSpec: (options) => defaultDoublePoleSpec(options),
  fields: DOUBLE_POLE_FIELDS,
  describe: describeDoublePoleSpec,
  formulaVersion: DOUBLE_POLE_FORMULA_VERSION,
  inputs: (spec) => observationInputs(observationOf(spec.environment)),
  stage: 'balance',
  measure: (module, spec, seed) =>
    doublePoleReport(poleTest(module, observationOf(spec.environment), scoringRandom(seed))),
  view: (module, spec, seed) =>
    doublePoleReplay(module, observationOf(spec.environment), scoringRandom(seed)),
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
  environment: doublePoleTrainingEnvironment as AgentEnvironment<never>,
});
