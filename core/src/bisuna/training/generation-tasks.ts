import { compileGenome } from '../kernels/compiled-genome.js';
import type { Module } from '../format/genome.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import type { CipherTrainingConfig } from './config.js';
import type { CipherStream } from '../encryption/cipher-stream.js';
import { cipherTexts, drawStream, drawTrainingStream } from './cpa-episode.js';
import type { Evaluator, PairGeneration, TestSpec } from './evaluation/evaluator.js';
import { PROBE_BASE_KEYS } from './keystream-probes.js';
import type { TrainingPopulation } from './population.js';
import { StreamRole, streamFor } from './random.js';
import type { CipherTrainingState } from './trainer.js';

/** Plaintext steps of one A&B episode (`MaxSteps / 2`). */
export function episodeSteps(config: CipherTrainingConfig): number {
  return Math.floor(config.steps / 2);
}

/** The genomes of a population, in cell order. */
export function modulesOf(pop: TrainingPopulation): Module[] {
  return pop.cells.map((c) => c.module);
}

/**
 * Evaluates every Eve against `alice` (or the plaintexts themselves when null) on this tick's
 * data (`(seed, tick, Data)`, or `(seed, tick, Data, dataIndex)` when the tick also draws a pair
 * stream).
 */
export async function evaluateEves(
  state: CipherTrainingState,
  evaluator: Evaluator,
  alice: Module | null,
  dataIndex?: number,
): Promise<Float64Array> {
  const { config, seed, tick } = state;
  const path = dataIndex === undefined ? [] : [dataIndex];
  const stream = drawStream(
    streamFor(seed, tick, StreamRole.Data, ...path),
    config.eveAdvantage,
    config.payloadWords,
    config.keyWords,
    config.keyRegime,
  );
  const kernel = alice ? new NetworkKernel(compileGenome(alice)) : null;
  const ciphers = cipherTexts(kernel, stream, streamFor(seed, tick, StreamRole.FixedAlice));
  const res = await evaluator.evaluateEves({
    seed,
    tick,
    payloadWords: config.payloadWords,
    steps: config.eveAdvantage,
    payloads: stream.payloads,
    ciphers,
    eves: modulesOf(state.eves),
  });
  state.eves.cells.forEach((c, i) => (c.fitness = res.fitness[i]!));
  return res.fitness;
}

/**
 * The held-out test of a generation's best pair: `config.testStreams` streams, stream `s` drawing
 * its data and its Random-neuron values from the (seed, tick, Test, s) stream; null without tests.
 */
export function testSpec(config: CipherTrainingConfig): TestSpec | null {
  if (config.testStreams === 0) return null;
  return {
    count: config.testStreams,
    steps: episodeSteps(config),
    payloadWords: config.payloadWords,
    keyWords: config.keyWords,
    regime: config.keyRegime,
  };
}

/**
 * The last A&B data stream drawn for each state: a prefetch draws the next tick's, which that
 * tick then reuses (the evaluator recognises it by identity, without comparing its words).
 */
const lastPairStreams = new WeakMap<
  CipherTrainingState,
  { tick: number; config: CipherTrainingConfig; stream: CipherStream }
>();

export function pairStream(state: CipherTrainingState, tick: number): CipherStream {
  const { config, seed } = state;
  const last = lastPairStreams.get(state);
  if (last && last.tick === tick && last.config === config) return last.stream;
  const stream = drawTrainingStream(
    streamFor(seed, tick, StreamRole.Data),
    episodeSteps(config),
    config.payloadWords,
    config.keyWords,
    config.keyRegime,
    PROBE_BASE_KEYS,
  );
  lastPairStreams.set(state, { tick, config, stream });
  return stream;
}

/** The A&B evaluation of `state`'s current populations on `tick`'s data. */
export function pairGeneration(
  state: CipherTrainingState,
  tick: number,
  withEve: boolean,
): PairGeneration {
  const { config, seed } = state;
  return {
    seed,
    tick,
    stream: pairStream(state, tick),
    alices: modulesOf(state.alices),
    bobs: modulesOf(state.bobs),
    eves: withEve ? modulesOf(state.eves) : null,
    tests: testSpec(config),
  };
}
