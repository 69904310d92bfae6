import type { Module } from '../format/genome.js';
import type { CipherTrainingConfig } from './config.js';
import { validateTrainingConfig } from './config.js';
import { TrainingConfigError } from './errors.js';
import type { Evaluator } from './evaluation/evaluator.js';
import { localEvaluator } from './evaluation/local-evaluator.js';
import { runGenerationLoop } from './generation-loop.js';
import {
  createTrainingState,
  runTick,
  type CipherTrainingState,
  type HistoryEntry,
  type TickReport,
} from './trainer.js';

/** A progress report after each generation (tick) of any population. */
export interface TrainingProgress extends TickReport {
  generations: number;
  /** Best A&B fitness of the latest A&B generation. */
  bestAliceBob: number | null;
  /** Best Eve fitness of the latest Eve generation. */
  bestEve: number | null;
  testPerfect: number | null;
  elapsedMs: number;
}

/** Why {@link trainCipher} returned. */
export type StopReason = 'generations' | 'solved' | 'aborted';

export interface TrainCipherParameters {
  config: CipherTrainingConfig;
  /** Integer in [0, 2^53). The same seed gives the same run for any evaluator and thread count. */
  seed: number;
  /** A&B generations to reach (default `config.generations`); counts those already in `state`. */
  generations?: number;
  /** Continue this state (from a checkpoint) instead of starting fresh. */
  state?: CipherTrainingState;
  evaluator?: Evaluator;
  /**
   * Stops within a fraction of a second: the generation under way is abandoned (its evaluation
   * yields to the event loop every `LANE_SLICE_MS` or so and checks the signal), and the returned
   * state is the last complete generation's, resumable exactly.
   */
  signal?: AbortSignal;
  onProgress?: (p: TrainingProgress) => void;
  /** Called (and awaited) every `checkpointEvery` A&B generations with the consistent state. */
  onCheckpoint?: (state: CipherTrainingState) => void | Promise<void>;
  checkpointEvery?: number;
}

export interface TrainCipherReturnType {
  state: CipherTrainingState;
  stopped: StopReason;
  /** The chosen pair (best held-out decryption, latest on ties), or null before any A&B generation. */
  alice: Module | null;
  bob: Module | null;
  /** The best Eve of the latest Eve generation, or null if Eve never played. */
  eve: Module | null;
  history: HistoryEntry[];
}

/**
 * Trains Alice, Bob and Eve on the CPA encryption task (spec §11.2 with the fixes listed in
 * docs/bisuna-differences.md). Pure and isomorphic: pass a worker-backed {@link Evaluator} to
 * use threads; results are identical for any evaluator.
 *
 * @example
 * const { alice, bob, history } = await trainCipher({
 *   config: trainingConfigFromJson({ population: 20, noveltyMapSize: 5, generations: 50 }),
 *   seed: 42,
 * });
 */
export async function trainCipher(params: TrainCipherParameters): Promise<TrainCipherReturnType> {
  const config = validateTrainingConfig(params.state?.config ?? params.config);
  if (!Number.isSafeInteger(params.seed) || params.seed < 0) {
    throw new TrainingConfigError(`seed = ${params.seed}: expected an integer in [0, 2^53)`);
  }
  if (params.state && params.state.seed !== params.seed) {
    throw new TrainingConfigError(
      `seed = ${params.seed}: the state to resume was trained with seed ${params.state.seed}`,
    );
  }
  const state = params.state ?? createTrainingState(config, params.seed);
  const evaluator = params.evaluator ?? localEvaluator();
  const generations = params.generations ?? config.generations;
  const every = params.checkpointEvery ?? 0;
  const stopped: StopReason = await runGenerationLoop({
    evaluator,
    ...(params.signal && { signal: params.signal }),
    stopBefore: () =>
      state.phase === 'done' ? 'solved' : state.abGeneration >= generations ? 'generations' : null,
    async generation() {
      const report = await runTick(state, evaluator);
      const last = state.history[state.history.length - 1];
      params.onProgress?.({
        ...report,
        generations,
        bestAliceBob: last?.bestAliceBob ?? null,
        bestEve: state.bestEve?.fitness ?? null,
        testPerfect: last?.testPerfect ?? null,
        elapsedMs: state.elapsedMs,
      });
      if (every > 0 && report.phase === 'ab' && state.abGeneration % every === 0) {
        await params.onCheckpoint?.(state);
      }
    },
  });
  return {
    state,
    stopped,
    alice: state.champion?.alice ?? null,
    bob: state.champion?.bob ?? null,
    eve: state.bestEve?.module ?? null,
    history: state.history,
  };
}
