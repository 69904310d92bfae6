import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writePopulation } from '@tem/core/bisuna';
import {
  toDatPopulation,
  type CipherTrainingState,
  type StopReason,
} from '@tem/core/bisuna/training';
import { writeFileAtomic } from '../state/atomic-file.js';

/** File names `tem train --out DIR` writes. */
export const TRAINING_FILES = {
  alice: 'alice.dat',
  bob: 'bob.dat',
  eve: 'eve.dat',
  history: 'training.json',
} as const;

export const TRAINING_HISTORY_SCHEMA = 'tem/bisuna-training';

/** Extra facts for `training.json` that are not part of the reproducible state. */
export interface RunFacts {
  threads: number;
  stopped: StopReason | 'running';
}

/**
 * Writes `alice.dat`, `bob.dat`, `eve.dat` (reference `.dat` layout; cell 0 of each is the chosen
 * agent) and `training.json` (summary and per-generation history), each atomically.
 */
export async function writeTrainingOutputs(
  dir: string,
  state: CipherTrainingState,
  facts: RunFacts,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: [string, Uint8Array | string][] = [
    [TRAINING_FILES.alice, writePopulation(toDatPopulation(state.alices, state.champion?.alice))],
    [TRAINING_FILES.bob, writePopulation(toDatPopulation(state.bobs, state.champion?.bob))],
    [TRAINING_FILES.eve, writePopulation(toDatPopulation(state.eves, state.bestEve?.module))],
    [TRAINING_FILES.history, `${JSON.stringify(trainingSummary(state, facts), null, 1)}\n`],
  ];
  for (const [name, data] of files) await writeFileAtomic(join(dir, name), data);
}

/** The content of `training.json`. */
export function trainingSummary(
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
    seconds: Number((state.elapsedMs / 1000).toFixed(3)),
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
      seconds: Number((state.solvedAt.elapsedMs / 1000).toFixed(3)),
    },
    history: state.history,
  };
}
