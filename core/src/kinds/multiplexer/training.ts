import {
  validateAgentConfig,
  type AgentTrainingConfig,
} from '../../bisuna/training/agent-trainer.js';
import type { Module, RandomSource } from '../../bisuna/format/genome.js';
import { compileGenome } from '../../bisuna/kernels/compiled-genome.js';
import { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import { TrainingConfigError } from '../../bisuna/training/errors.js';
import { randPos, StreamRole, streamFor } from '../../bisuna/training/random.js';
import { lexicaseSelect } from '../../bisuna/training/lexicase.js';
import { evolutionConfig } from '../network/evolution.js';
import { networkTraining } from '../network/training.js';
import { multiplexerShape } from './cases.js';
import {
  caseBytes,
  multiplexerTrainingEnvironment,
  sharedCaseFitness,
  type MultiplexerParams,
} from './environment.js';
import { MULTIPLEXER_KIND, type MultiplexerSpec } from './spec.js';

/** A multiplexer run's config: the evolution, the task, and fitness sharing. */
export interface MultiplexerTrainingConfig extends AgentTrainingConfig {
  addressBits: number;
  stepsPerCase: number;
  fitnessSharing: boolean;
  lexicase: boolean;
  /** Cases each generation plays, drawn afresh per generation; 0: all of them. */
  caseSample: number;
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
    caseSample: spec.training.caseSample ?? 0,
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
  const caseSample: unknown = c.caseSample ?? 0;
  if (typeof caseSample !== 'number' || !Number.isInteger(caseSample) || caseSample < 0) {
    throw new TrainingConfigError(`caseSample = ${JSON.stringify(caseSample)}`);
  }
  return { ...c, lexicase, caseSample };
}

/** `size` distinct cases of `cases`, ascending, drawn with `rng`. */
function drawSample(rng: RandomSource, cases: number, size: number): number[] {
  const all = Array.from({ length: cases }, (_, c) => c);
  for (let i = 0; i < size; i++) {
    const j = i + randPos(rng, cases - 1 - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, size).sort((a, b) => a - b);
}

/** Cases `agent` gets right of all of them (a generation's best, after a sampled generation). */
function casesRight(agent: Module, c: MultiplexerTrainingConfig, rng: RandomSource): number {
  const all = { addressBits: c.addressBits, stepsPerCase: c.stepsPerCase, recordCases: false };
  const kernel = new NetworkKernel(compileGenome(agent));
  return multiplexerTrainingEnvironment.evaluate(kernel, all, rng, new Uint8Array(0)).figure;
}

/** The multiplexer's training: one population, every agent on every case each generation. */
export const multiplexerTraining = networkTraining<MultiplexerSpec, MultiplexerTrainingConfig>({
  kind: MULTIPLEXER_KIND,
  config: multiplexerTrainingConfig,
  checkConfig: checkMultiplexerConfig,
  plan(state) {
    const c = state.config;
    const cases = multiplexerShape(c.addressBits).cases;
    const sampled = c.caseSample > 0 && c.caseSample < cases;
    const played = sampled ? c.caseSample : cases;
    const recordCases = c.fitnessSharing || c.lexicase;
    const params = (tick: number): MultiplexerParams => ({
      addressBits: c.addressBits,
      stepsPerCase: c.stepsPerCase,
      recordCases,
      ...(sampled && {
        sample: drawSample(streamFor(state.seed, tick, StreamRole.Data), cases, played),
      }),
    });
    const fixed = sampled ? null : params(0);
    return {
      environment(tick) {
        const p = fixed ?? params(tick);
        return { id: MULTIPLEXER_KIND, params: p, detailBytes: recordCases ? caseBytes(p) : 0 };
      },
      assess(agent, tick, evaluation) {
        const right = sampled
          ? casesRight(agent, c, streamFor(state.seed, tick, StreamRole.HeldOut))
          : evaluation.figure;
        return { rank: right, solved: right === cases, figures: { correct: right, cases } };
      },
      ...(c.fitnessSharing && {
        selectionFitness: (results) => sharedCaseFitness(results, played),
      }),
      ...(c.lexicase && {
        offspringParents: (results, count, rng) =>
          lexicaseSelect(
            {
              bits: results.detail,
              bytes: results.detailBytes,
              agents: results.fitness.length,
              cases: played,
            },
            count,
            rng,
          ),
      }),
    };
  },
  summary: (entry, c) =>
    `best ${entry.figures.correct ?? entry.bestFigure}/${multiplexerShape(c.addressBits).cases} cases, ${entry.evaluations} evaluations`,
  solvedMeans: (c) => `all ${multiplexerShape(c.addressBits).cases} cases right`,
  task: (c) => `${multiplexerShape(c.addressBits).inputs}-multiplexer`,
});
