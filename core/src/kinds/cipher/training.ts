import { writePopulation } from '../../bisuna/format/dat-codec.js';
import {
  TRAINING_STATE_FORMAT,
  stateFromJson,
  stateToJson,
  toDatPopulation,
} from '../../bisuna/training/state-json.js';
import { trainCipher, type TrainingProgress } from '../../bisuna/training/train-cipher.js';
import { createTrainingState, type CipherTrainingState } from '../../bisuna/training/trainer.js';
import { trainingConfigFromJson, type CipherTrainingConfig } from '../../bisuna/training/config.js';
import {
  BUNDLE_FILES,
  RESULT_MANIFEST_SCHEMA,
  RESULT_MANIFEST_VERSION,
  parseResultManifest,
  type TaskSpec,
} from '../../task/index.js';
import { TRAINING_HISTORY_SCHEMA } from '../bundle-files.js';
import type { KindProgress, KindTraining, RunFacts } from '../kind.js';

const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(0));
const seconds = (ms: number) => Number((ms / 1000).toFixed(3));
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A cipher run's progress report as every kind reports it. */
export function cipherProgress(p: TrainingProgress): KindProgress {
  return {
    generation: p.abGeneration,
    generations: p.generations,
    elapsedMs: p.elapsedMs,
    label: p.phase.padEnd(13),
    summary: `best A&B ${fmt(p.bestAliceBob)} best Eve ${fmt(p.bestEve)} test ${p.testPerfect ?? '-'}`,
    fields: {
      tick: p.tick,
      eveGenerations: p.eveGeneration,
      bestAliceBob: p.bestAliceBob,
      bestEve: p.bestEve,
      testPerfect: p.testPerfect,
    },
    main: p.phase === 'ab',
  };
}

/** `training.json` of a cipher run: summary and per-generation history. */
export function cipherTrainingSummary(
  state: CipherTrainingState,
  facts: RunFacts,
): Record<string, unknown> {
  return {
    schema: TRAINING_HISTORY_SCHEMA,
    version: 1,
    seed: state.seed,
    config: state.config,
    threads: facts.threads,
    stopped: facts.stopped,
    generations: state.abGeneration,
    eveGenerations: state.eveGeneration,
    seconds: seconds(state.elapsedMs),
    phase: state.phase,
    pair: { alice: 0, bob: 0 },
    chosenPair: state.champion && {
      generation: state.champion.generation,
      testPerfect: state.champion.testPerfect,
      testStreams: state.config.testStreams,
      fitness: state.champion.fitness,
    },
    bestEve: state.bestEve && {
      fitness: state.bestEve.fitness,
      eveGeneration: state.bestEve.eveGeneration,
    },
    solvedAt: state.solvedAt && {
      generation: state.solvedAt.generation,
      seconds: seconds(state.solvedAt.elapsedMs),
    },
    history: state.history,
  };
}

/** The `.dat` files of a cipher run: cell 0 of alice.dat and bob.dat is the chosen pair. */
export function cipherNetworkFiles(state: CipherTrainingState): [string, Uint8Array][] {
  return [
    [BUNDLE_FILES.alice, writePopulation(toDatPopulation(state.alices, state.champion?.alice))],
    [BUNDLE_FILES.bob, writePopulation(toDatPopulation(state.bobs, state.champion?.bob))],
    [BUNDLE_FILES.eve, writePopulation(toDatPopulation(state.eves, state.bestEve?.module))],
  ];
}

/** The cipher's training: Alice, Bob and Eve (`trainCipher`), as every kind trains. */
export const cipherTraining: KindTraining<TaskSpec, CipherTrainingConfig, CipherTrainingState> = {
  config: (spec) => trainingConfigFromJson(spec.training),
  createState: (config, seed) => createTrainingState(config, seed),
  describeConfig: (c) => `${c.keyRegime}, population ${c.population}`,
  async train(p) {
    const r = await trainCipher({
      config: p.state.config,
      seed: p.state.seed,
      state: p.state,
      evaluator: p.evaluator,
      ...(p.generations !== undefined && { generations: p.generations }),
      ...(p.signal && { signal: p.signal }),
      ...(p.onProgress && {
        onProgress: (tp: TrainingProgress) => p.onProgress!(cipherProgress(tp)),
      }),
      ...(p.onCheckpoint && { onCheckpoint: p.onCheckpoint }),
      ...(p.checkpointEvery !== undefined && { checkpointEvery: p.checkpointEvery }),
    });
    return { state: r.state, stopped: r.stopped };
  },
  toJson: stateToJson,
  fromJson: stateFromJson,
  ownsCheckpoint: (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === TRAINING_STATE_FORMAT,
  seed: (s) => s.seed,
  configOf: (s) => s.config,
  generation: (s) => s.abGeneration,
  outcome(s) {
    const solved = s.solvedAt
      ? `; every test stream decrypted first at generation ${s.solvedAt.generation} (${(s.solvedAt.elapsedMs / 1000).toFixed(1)} s)`
      : '';
    return `(${plural(s.eveGeneration, 'Eve generation')}, ${(s.elapsedMs / 1000).toFixed(1)} s)${solved}`;
  },
  networkFiles: cipherNetworkFiles,
  manifest: (s, facts) =>
    parseResultManifest({
      schema: RESULT_MANIFEST_SCHEMA,
      version: RESULT_MANIFEST_VERSION,
      taskId: facts.taskId,
      specCid: facts.specCid,
      pair: { alice: 0, bob: 0 },
      training: {
        seed: String(s.seed),
        generations: s.abGeneration,
        seconds: seconds(s.elapsedMs),
        bestFitness: s.champion?.fitness ?? 0,
        runner: facts.runner,
      },
      history: s.history.map((h) => ({
        generation: h.generation,
        bestAliceBob: h.bestAliceBob,
        bestEve: h.bestEve,
      })),
    }),
  summary: cipherTrainingSummary,
};
