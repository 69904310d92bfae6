import {
  validateAgentConfig,
  type AgentTrainingConfig,
} from '../../bisuna/training/agent-trainer.js';
import { TrainingConfigError } from '../../bisuna/training/errors.js';
import { lexicaseSelect } from '../../bisuna/training/lexicase.js';
import { evolutionConfig } from '../network/evolution.js';
import { networkTraining } from '../network/training.js';
import { multiplexerShape } from './cases.js';
import { caseBytes, sharedCaseFitness, type MultiplexerParams } from './environment.js';
import { MULTIPLEXER_KIND, type MultiplexerSpec } from './spec.js';

/** A multiplexer run's config: the evolution, the task, and fitness sharing. */
export interface MultiplexerTrainingConfig extends AgentTrainingConfig {
  addressBits: number;
  stepsPerCase: number;
  fitnessSharing: boolean;
  lexicase: boolean;
}

/** The training config of a multiplexer spec. */
export function multiplexerTrainingConfig(spec: MultiplexerSpec): MultiplexerTrainingConfig {
  const { addressBits, stepsPerCase } = spec.environment;
  return checkMultiplexerConfig({
    ...evolutionConfig(spec.training, multiplexerShape(addressBits).inputs),
    addressBits,
    stepsPerCase,
    fitnessSharing: spec.training.fitnessSharing,
    lexicase: spec.training.lexicase ?? false,
  });
}

/** Checks a multiplexer config (e.g. from a checkpoint); throws TrainingConfigError. */
export function checkMultiplexerConfig(value: unknown): MultiplexerTrainingConfig {
  const c = value as MultiplexerTrainingConfig;
  if (typeof c !== 'object' || c === null) throw new TrainingConfigError('config: not an object');
  validateAgentConfig(c);
  if (!Number.isInteger(c.addressBits) || c.addressBits < 1 || c.addressBits > 4) {
    throw new TrainingConfigError(`addressBits = ${JSON.stringify(c.addressBits)}: expected 1 … 4`);
  }
  if (!Number.isInteger(c.stepsPerCase) || c.stepsPerCase < 1 || c.stepsPerCase > 16) {
    throw new TrainingConfigError(
      `stepsPerCase = ${JSON.stringify(c.stepsPerCase)}: expected 1 … 16`,
    );
  }
  if (c.inputs !== multiplexerShape(c.addressBits).inputs || c.outputs !== 1) {
    throw new TrainingConfigError(
      `inputs/outputs = ${c.inputs}/${c.outputs}: the ${c.addressBits}-address-bit multiplexer has ${multiplexerShape(c.addressBits).inputs}/1`,
    );
  }
  if (typeof c.fitnessSharing !== 'boolean') {
    throw new TrainingConfigError(`fitnessSharing = ${JSON.stringify(c.fitnessSharing)}`);
  }
  // Checkpoints written before lexicase selection existed have no such field.
  const lexicase: unknown = c.lexicase ?? false;
  if (typeof lexicase !== 'boolean') {
    throw new TrainingConfigError(`lexicase = ${JSON.stringify(lexicase)}`);
  }
  return { ...c, lexicase };
}

/** The multiplexer's training: one population, every agent on every case each generation. */
export const multiplexerTraining = networkTraining<MultiplexerSpec, MultiplexerTrainingConfig>({
  kind: MULTIPLEXER_KIND,
  config: multiplexerTrainingConfig,
  checkConfig: checkMultiplexerConfig,
  plan(state) {
    const c = state.config;
    const cases = multiplexerShape(c.addressBits).cases;
    const recordCases = c.fitnessSharing || c.lexicase;
    const params: MultiplexerParams = {
      addressBits: c.addressBits,
      stepsPerCase: c.stepsPerCase,
      recordCases,
    };
    const task = {
      id: MULTIPLEXER_KIND,
      params,
      detailBytes: recordCases ? caseBytes(c.addressBits) : 0,
    };
    return {
      environment: () => task,
      assess: (_agent, _tick, evaluation) => ({
        rank: evaluation.figure,
        solved: evaluation.figure === cases,
        figures: { correct: evaluation.figure, cases },
      }),
      ...(c.fitnessSharing && {
        selectionFitness: (results) => sharedCaseFitness(results, cases),
      }),
      ...(c.lexicase && {
        offspringParents: (results, count, rng) =>
          lexicaseSelect(
            {
              bits: results.detail,
              bytes: results.detailBytes,
              agents: results.fitness.length,
              cases,
            },
            count,
            rng,
          ),
      }),
    };
  },
  summary: (entry, c) =>
    `best ${entry.bestFigure}/${multiplexerShape(c.addressBits).cases} cases, ${entry.evaluations} evaluations`,
  solvedMeans: (c) => `all ${multiplexerShape(c.addressBits).cases} cases right`,
  task: (c) => `${multiplexerShape(c.addressBits).inputs}-multiplexer`,
});
