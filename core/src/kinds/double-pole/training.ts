import {
  validateAgentConfig,
  type AgentAssessment,
  type AgentTrainingConfig,
} from '../../bisuna/training/agent-trainer.js';
import { TrainingConfigError } from '../../bisuna/training/errors.js';
import { StreamRole, streamFor } from '../../bisuna/training/random.js';
import { evolutionConfig } from '../network/evolution.js';
import { networkTraining } from '../network/training.js';
import { randomStarts, trainingStarts, type DoublePoleParams } from './environment.js';
import { observationInputs, type PoleObservation } from './interface.js';
import { GENERALISATION_STARTS } from './physics.js';
import { LONG_RUN_STEPS, observationOf, poleTest } from './score.js';
import { DOUBLE_POLE_KIND, type DoublePoleSpec } from './spec.js';

/** A double pole run's config. */
export interface DoublePoleTrainingConfig extends AgentTrainingConfig {
  observation: PoleObservation;
  episodeSteps: number;
  randomStarts: number;
  generalisationTarget: number;
}

/** The training config of a double pole spec. */
export function doublePoleTrainingConfig(spec: DoublePoleSpec): DoublePoleTrainingConfig {
  const t = spec.training;
  const observation = observationOf(spec.environment);
  return checkDoublePoleConfig({
    ...evolutionConfig(t, observationInputs(observation)),
    observation,
    episodeSteps: t.episodeSteps,
    randomStarts: t.randomStarts,
    generalisationTarget: t.generalisationTarget,
  });
}

/** Checks a double pole config (e.g. from a checkpoint); throws TrainingConfigError. */
export function checkDoublePoleConfig(value: unknown): DoublePoleTrainingConfig {
  const c = value as DoublePoleTrainingConfig;
  if (typeof c !== 'object' || c === null) throw new TrainingConfigError('config: not an object');
  validateAgentConfig(c);
  const o = c.observation;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.velocities !== 'boolean' ||
    (o.scale !== 'raw' && o.scale !== 'normalized')
  ) {
    throw new TrainingConfigError(`observation = ${JSON.stringify(o)}`);
  }
  if (c.inputs !== observationInputs(o) || c.outputs !== 1) {
    throw new TrainingConfigError(
      `inputs/outputs = ${c.inputs}/${c.outputs}: the observation has ${observationInputs(o)}/1`,
    );
  }
  const ints: [keyof DoublePoleTrainingConfig, number, number][] = [
    ['episodeSteps', 10, 100_000],
    ['randomStarts', 0, 64],
    ['generalisationTarget', 0, GENERALISATION_STARTS],
  ];
  for (const [key, min, max] of ints) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new TrainingConfigError(`${key} = ${JSON.stringify(v)}: expected ${min} … ${max}`);
    }
  }
  return c;
}

/**
 * The double pole's training: each generation every agent balances from the standard start and
 * `randomStarts` fresh random starts (drawn from `(seed, generation, Data)`); a generation's best
 * agent that balances its whole episode from the standard start takes the standard test (100,000
 * steps, then the 625 starts; Random neurons from `(seed, generation, HeldOut, run)`). Solved at
 * 100,000 steps and `generalisationTarget` starts.
 */
export const doublePoleTraining = networkTraining<DoublePoleSpec, DoublePoleTrainingConfig>({
  kind: DOUBLE_POLE_KIND,
  config: doublePoleTrainingConfig,
  checkConfig: checkDoublePoleConfig,
  plan(state) {
    const c = state.config;
    return {
      environment(tick) {
        const extra = randomStarts(streamFor(state.seed, tick, StreamRole.Data), c.randomStarts);
        const params: DoublePoleParams = {
          observation: c.observation,
          episodeSteps: c.episodeSteps,
          starts: trainingStarts(extra),
        };
        return { id: DOUBLE_POLE_KIND, params };
      },
      assess(agent, tick, evaluation): AgentAssessment {
        if (evaluation.figure < c.episodeSteps) {
          return {
            rank: evaluation.figure,
            solved: false,
            figures: { standardSteps: evaluation.figure },
          };
        }
        const test = poleTest(agent, c.observation, (run) =>
          streamFor(state.seed, tick, StreamRole.HeldOut, run),
        );
        const balanced = test.longSteps >= LONG_RUN_STEPS;
        return {
          rank: test.longSteps * 1000 + test.generalisation,
          solved: balanced && test.generalisation >= c.generalisationTarget,
          figures: {
            standardSteps: evaluation.figure,
            longSteps: test.longSteps,
            generalisation: test.generalisation,
          },
        };
      },
    };
  },
  summary: (entry) => {
    const f = entry.figures;
    const test =
      f.longSteps === undefined ? '' : `, test ${f.longSteps} steps ${f.generalisation}/625`;
    return `best ${entry.bestFigure} steps (fitness ${entry.bestFitness.toFixed(1)})${test}, ${entry.evaluations} evaluations`;
  },
  task: (c) =>
    `double pole ${c.observation.velocities ? 'with' : 'without'} velocities (${c.observation.scale})`,
  solvedMeans: (c) =>
    `100,000 steps balanced and ${c.generalisationTarget} of the 625 starts generalised`,
});
