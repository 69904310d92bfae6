import type { Module } from '../format/genome.js';
import type { CipherTrainingConfig } from './config.js';
import { CpaReward, MAX_ADVERSARY_STEP_REWARD } from './cpa-rewards.js';
import { cipherInputWords } from './key-layout.js';
import { bestPairIndex, type Evaluator } from './evaluation/evaluator.js';
import { episodeSteps, evaluateEves, pairGeneration } from './generation-tasks.js';
import type { ProbeTerms } from './keystream-probes.js';
import { keystreamTick } from './keystream-schedule.js';
import { cloneModule } from './mutation.js';
import {
  arrangeRelatedModel,
  breedGeneration,
  createPopulation,
  placeGenerationParents,
  spectrumDiversityEvolve,
  type TrainingPopulation,
} from './population.js';
import { StreamRole, streamFor } from './random.js';

export { episodeSteps } from './generation-tasks.js';

/** Where a run is: Eve pre-training, copying the best pre-trained Eve, A&B, an Eve block, or done. */
export type TrainingPhase = 'eve-pretrain' | 'eve-replicate' | 'ab' | 'eve-block' | 'done';

/** One A&B generation of the history (`training.json`). */
export interface HistoryEntry {
  /** A&B generations completed, this one included. */
  generation: number;
  tick: number;
  evolved: 'alice' | 'bob';
  withEve: boolean;
  bestAliceBob: number;
  meanAliceBob: number;
  bestIndex: number;
  /** Steps the best pair decrypted exactly in its training episode. */
  bestPerfectSteps: number;
  /** Best Eve fitness of the latest Eve generation, null before Eve has played. */
  bestEve: number | null;
  eveGenerations: number;
  /** Held-out test streams the best pair decrypted exactly. */
  testPerfect: number;
  /** `short-key`: the best pair's held-out key-dependence probe (see `heldOutProbe`). */
  heldOut?: ProbeTerms;
}

/** A pair chosen by its held-out decryption (later generations win ties). */
export interface ChampionPair {
  alice: Module;
  bob: Module;
  generation: number;
  testPerfect: number;
  fitness: number;
  /**
   * `short-key`: what chose it: the held-out probe score (the weighted mean of its terms), plus 1
   * when the probe passes the key gate (`passesKeyGate`).
   */
  quality?: number;
}

/** Everything a run needs to continue: plain data, serialisable by `stateToJson`. */
export interface CipherTrainingState {
  seed: number;
  config: CipherTrainingConfig;
  /** Generations of any population run so far; keys every random stream. */
  tick: number;
  abGeneration: number;
  eveGeneration: number;
  phase: TrainingPhase;
  evolveBob: boolean;
  preTrainAB: boolean;
  generationCounter: number;
  didAliceMaxER: boolean;
  /** The current Eve block or pre-training: generations run, consecutive wins, last best. */
  eveRun: { generations: number; counter: number; lastBest: number | null };
  /** The Alice Eve attacks in the current block. */
  fixedAlice: Module | null;
  alices: TrainingPopulation;
  bobs: TrainingPopulation;
  eves: TrainingPopulation;
  history: HistoryEntry[];
  champion: ChampionPair | null;
  bestEve: { module: Module; fitness: number; eveGeneration: number } | null;
  /** The first A&B generation whose best pair decrypted every test stream exactly. */
  solvedAt: { generation: number; elapsedMs: number } | null;
  /** Training wall time so far (not part of the reproducible result). */
  elapsedMs: number;
}

/** Most history entries a state keeps; beyond it every other old entry is dropped. */
export const HISTORY_LIMIT = 10_000;

/** Halves a long history, keeping the first and the latest entries (deterministic, so resumable). */
export function thinHistory<T>(history: T[]): T[] {
  const last = history[history.length - 1]!;
  const kept = history.filter((_, i) => i % 2 === 0);
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

/** Eve's win threshold, `0.85 * (50 + 80) * MAA` (spec §11.2). */
export function eveThreshold(config: CipherTrainingConfig): number {
  return (
    (85 * (CpaReward.eveBonus + CpaReward.eveSmall * CpaReward.eveBits) * config.eveAdvantage) / 100
  );
}

/** A fresh run: three random populations (Alice, Bob, Eve) drawn from the seed's init streams. */
export function createTrainingState(
  config: CipherTrainingConfig,
  seed: number,
): CipherTrainingState {
  const shape = {
    populationSize: config.population,
    noveltyMapSize: config.noveltyMapSize,
    initialMutations: config.initialMutations,
    stepMutations: config.stepMutations,
  };
  const P = config.payloadWords;
  const inputs = cipherInputWords(config.keyRegime, P, config.keyWords);
  const make = (k: number, inputs: number, outputs: number) =>
    createPopulation(
      streamFor(seed, 0, StreamRole.Init, k),
      { ...shape, inputs, outputs },
      config.mutation,
    );
  // The short-key schedule has no Eve pre-training: Eve co-evolves from the first generation.
  const pretrain =
    config.keyRegime === 'otp' &&
    config.adversaryRequiresTraining &&
    config.evePretrainGenerations > 0;
  return {
    seed,
    config,
    tick: 0,
    abGeneration: 0,
    eveGeneration: 0,
    phase: pretrain ? 'eve-pretrain' : 'ab',
    evolveBob: false,
    preTrainAB: config.preTrainAB,
    generationCounter: 0,
    didAliceMaxER: false,
    eveRun: { generations: 0, counter: 0, lastBest: null },
    fixedAlice: null,
    alices: make(0, inputs, P),
    bobs: make(1, inputs, P),
    eves: make(2, 3 * P, 1),
    history: [],
    champion: null,
    bestEve: null,
    solvedAt: null,
    elapsedMs: 0,
  };
}

/** The last of the highest values (Eve's best, as the reference picks it). */
function lastArgmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! >= values[best]!) best = i;
  return best;
}

async function eveTick(state: CipherTrainingState, evaluator: Evaluator): Promise<void> {
  const { config } = state;
  const pretrain = state.phase === 'eve-pretrain';
  const fitness = await evaluateEves(state, evaluator, pretrain ? null : state.fixedAlice);
  const bestIdx = lastArgmax(fitness);
  const best = fitness[bestIdx]!;
  state.bestEve = {
    module: cloneModule(state.eves.cells[bestIdx]!.module),
    fitness: best,
    eveGeneration: state.eveGeneration,
  };
  const run = state.eveRun;
  run.counter = best >= eveThreshold(config) ? run.counter + 1 : 0;
  run.lastBest = best;
  spectrumDiversityEvolve(
    state.eves,
    streamFor(state.seed, state.tick, StreamRole.Evolve, 2),
    config.mutation,
  );
  state.eveGeneration++;
  run.generations++;
  const cap = pretrain ? config.evePretrainGenerations : config.eveAdvantage;
  if (run.counter >= config.numGensMaxExpectedReward || run.generations >= cap) {
    if (pretrain) {
      state.phase = 'eve-replicate';
    } else {
      if (best >= eveThreshold(config)) state.generationCounter = 0;
      state.phase = 'ab';
      checkFinished(state);
    }
  }
}

/** `replicateBestAdversary`: one more evaluation, then every Eve becomes a copy of the best. */
async function replicateTick(state: CipherTrainingState, evaluator: Evaluator): Promise<void> {
  const fitness = await evaluateEves(state, evaluator, null);
  const bestIdx = lastArgmax(fitness);
  const best = state.eves.cells[bestIdx]!.module;
  state.bestEve = {
    module: cloneModule(best),
    fitness: fitness[bestIdx]!,
    eveGeneration: state.eveGeneration,
  };
  state.eves.cells = state.eves.cells.map((_, i) => {
    const module = cloneModule(best);
    module.params.networkID = i;
    return { module, fitness: 0 };
  });
  state.phase = 'ab';
}

function checkFinished(state: CipherTrainingState): void {
  const { config } = state;
  if (
    config.stopWhenSolved &&
    !state.preTrainAB &&
    state.generationCounter >= config.numGensMaxExpectedReward
  ) {
    state.phase = 'done';
  }
}

async function abTick(state: CipherTrainingState, evaluator: Evaluator): Promise<void> {
  const { config, seed, tick } = state;
  const withEve = !state.preTrainAB;
  const steps = episodeSteps(config);
  const res = await evaluator.evaluatePairs(pairGeneration(state, tick, withEve));
  let sum = 0;
  for (let i = 0; i < config.population; i++) {
    state.alices.cells[i]!.fitness = res.fitness[i]!;
    state.bobs.cells[i]!.fitness = res.fitness[i]!;
    sum += res.fitness[i]!;
  }
  const bestIdx = bestPairIndex(res.fitness);
  const bestAlice = cloneModule(state.alices.cells[bestIdx]!.module);
  const bestBob = cloneModule(state.bobs.cells[bestIdx]!.module);
  const solved = res.perfectSteps[bestIdx] === steps;
  const evolved = state.evolveBob ? 'bob' : 'alice';
  const [evolving, partners] = state.evolveBob
    ? [state.bobs, state.alices]
    : [state.alices, state.bobs];
  const rng = streamFor(seed, tick, StreamRole.Evolve, state.evolveBob ? 1 : 0);
  const prev: number[] = [];
  placeGenerationParents(evolving, rng, prev);
  arrangeRelatedModel(prev, partners);
  if (!state.evolveBob) {
    state.evolveBob = true;
    state.didAliceMaxER = solved;
  } else {
    state.evolveBob = false;
    state.fixedAlice = bestAlice;
    if (state.didAliceMaxER && solved) state.generationCounter++;
    if (!state.preTrainAB) {
      state.phase = 'eve-block';
      state.eveRun = { generations: 0, counter: 0, lastBest: null };
    }
  }
  prefetchNextPairs(state, evaluator, evolving.map.size);
  breedGeneration(evolving, rng, config.mutation);
  // After evolution, which workers overlap with the test.
  const testPerfect = await res.finishTest();
  const generation = state.abGeneration + 1;
  if (!state.champion || testPerfect >= state.champion.testPerfect) {
    state.champion = {
      alice: bestAlice,
      bob: bestBob,
      generation,
      testPerfect,
      fitness: res.fitness[bestIdx]!,
    };
  }
  state.history.push({
    generation,
    tick,
    evolved,
    withEve,
    bestAliceBob: res.fitness[bestIdx]!,
    meanAliceBob: sum / config.population,
    bestIndex: bestIdx,
    bestPerfectSteps: res.perfectSteps[bestIdx]!,
    bestEve: state.bestEve?.fitness ?? null,
    eveGenerations: state.eveGeneration,
    testPerfect,
  });

  if (state.history.length > HISTORY_LIMIT) state.history = thinHistory(state.history);

  for (const c of state.eves.cells) c.fitness = 0;
  state.abGeneration = generation;
  if (state.preTrainAB && state.generationCounter >= config.numGensMaxExpectedReward) {
    state.preTrainAB = false;
    state.generationCounter = 0;
  }
  if (state.phase === 'ab') checkFinished(state);
}

/**
 * When the next tick is an A&B generation, its parents' pairs (cells `0 .. parents-1`) are final
 * before the offspring are bred: lets the evaluator start on them (see `prefetchPairs`).
 */
function prefetchNextPairs(state: CipherTrainingState, evaluator: Evaluator, parents: number) {
  const { config } = state;
  if (!evaluator.prefetchPairs || state.phase !== 'ab') return;
  const reached = state.generationCounter >= config.numGensMaxExpectedReward;
  // As the end of abTick decides: pre-training ends (counter reset), or the run is solved.
  if (config.stopWhenSolved && !state.preTrainAB && reached) return;
  const withEve = !(state.preTrainAB && !reached);
  evaluator.prefetchPairs(pairGeneration(state, state.tick + 1, withEve), parents);
}

/** What a tick did, for progress reports. */
export interface TickReport {
  phase: TrainingPhase;
  tick: number;
  abGeneration: number;
  eveGeneration: number;
  ms: number;
}

/**
 * Runs one generation of whichever population the run is at (a "tick"), in place. Deterministic
 * given the state: every random draw comes from streams keyed by (seed, tick, role, index).
 */
export async function runTick(
  state: CipherTrainingState,
  evaluator: Evaluator,
): Promise<TickReport> {
  const t0 = now();
  const phase = state.phase;
  switch (phase) {
    case 'eve-pretrain':
    case 'eve-block':
      await eveTick(state, evaluator);
      break;
    case 'eve-replicate':
      await replicateTick(state, evaluator);
      break;
    case 'ab':
      if (state.config.keyRegime === 'otp') await abTick(state, evaluator);
      else await keystreamTick(state, evaluator);
      break;
    case 'done':
      return {
        phase,
        tick: state.tick,
        abGeneration: state.abGeneration,
        eveGeneration: state.eveGeneration,
        ms: 0,
      };
  }
  const tick = state.tick;
  state.tick++;
  const ms = now() - t0;
  state.elapsedMs += ms;
  if (state.solvedAt === null && phase === 'ab' && state.config.testStreams > 0) {
    const last = state.history[state.history.length - 1];
    if (last && last.testPerfect === state.config.testStreams) {
      state.solvedAt = { generation: last.generation, elapsedMs: state.elapsedMs };
    }
  }
  return { phase, tick, abGeneration: state.abGeneration, eveGeneration: state.eveGeneration, ms };
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** Upper bound of Eve's fitness in one episode (for reports). */
export function maxEveFitness(config: CipherTrainingConfig): number {
  return MAX_ADVERSARY_STEP_REWARD * config.eveAdvantage;
}
