import type { Module } from '../../format/genome.js';
import type { CipherStream, KeyRegime } from '../../encryption/cipher-stream.js';
import type { AgentGeneration, AgentResults } from '../agent-slice.js';

/** The held-out decryption test of a generation's best pair (see {@link PairGeneration}). */
export interface TestSpec {
  /** Streams; stream `s` draws its data and Random-neuron values from (seed, tick, Test, s). */
  count: number;
  steps: number;
  payloadWords: number;
  keyWords: number;
  regime: KeyRegime;
}

/**
 * One A&B generation's evaluation: cell i pairs `alices[i]` with `bobs[i]` (and `eves[i]` when Eve
 * plays) on `stream`, then the best pair ({@link bestPairIndex}) plays the held-out `tests`.
 */
export interface PairGeneration {
  seed: number;
  /** The run's generation counter (all kinds), which keys the random streams. */
  tick: number;
  stream: CipherStream;
  alices: readonly Module[];
  bobs: readonly Module[];
  eves: readonly Module[] | null;
  tests: TestSpec | null;
}

/** Per-cell results of a pair evaluation, indexed from its first cell. */
export interface PairResults {
  fitness: Float64Array;
  decryption: Float64Array;
  perfectSteps: Int32Array;
  eveReward: Float64Array;
}

/** A generation's {@link PairResults} and its best pair's held-out result. */
export interface PairGenerationResults extends PairResults {
  /**
   * Test streams the best pair decrypted exactly (0 without tests). Workers start testing as soon
   * as the generation is evaluated; the calling thread's share of the streams runs in this call,
   * so call it once, after the work that can overlap the test (evolution), and before the next
   * evaluation.
   */
  finishTest(): Promise<number>;
}

/** One Eve generation's evaluation: every Eve plays the same plaintext/ciphertext run. */
export interface EveGeneration {
  seed: number;
  tick: number;
  payloadWords: number;
  steps: number;
  payloads: Uint16Array;
  ciphers: Uint16Array;
  eves: readonly Module[];
}

/** Per-cell Eve fitness of an Eve evaluation. */
export interface EveResults {
  fitness: Float64Array;
}

/**
 * Runs a generation's evaluation. {@link localEvaluator} runs it in the calling thread; a
 * {@link SliceCoordinator} spreads it over workers. Results never depend on how cells are split,
 * because every cell draws from its own stream derived from (seed, tick, role, cell).
 */
export interface Evaluator {
  evaluatePairs(task: PairGeneration): Promise<PairGenerationResults>;
  evaluateEves(task: EveGeneration): Promise<EveResults>;
  /**
   * One generation of a single population (the task kinds with one network): every agent plays
   * the task's environment, which the evaluator's lanes must know (see {@link AgentEnvironments}).
   * Optional: evaluators made only for the cipher's pairs need not have it.
   */
  evaluateAgents?(task: AgentGeneration): Promise<AgentResults>;
  /**
   * Optional hint: `task` will be evaluated next, and its cells `0 .. readyCells-1` are final
   * (the next generation's parents and their partners) while the others are still being bred.
   * Idle lanes may evaluate those cells now; {@link evaluatePairs} of the same task then takes
   * their results, unless their genomes changed after all. Results never depend on it.
   */
  prefetchPairs?(task: PairGeneration, readyCells: number): void;
  /** Number of parallel lanes (threads); 1 for the local evaluator. */
  readonly parallelism: number;
  /**
   * Optional: `check` runs whenever the calling thread yields to the event loop in the middle of
   * a pair or Eve evaluation (about every {@link LANE_SLICE_MS}); when it throws, that evaluation
   * rejects with its error, before the caller has changed any state. The trainer uses it to stop
   * within a fraction of a second of an abort, whatever the population size. Null removes it.
   */
  setInterrupt?(check: (() => void) | null): void;
  close(): Promise<void>;
}

/** The pair a generation keeps and tests: the first of the highest fitness. */
export function bestPairIndex(fitness: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < fitness.length; i++) if (fitness[i]! > fitness[best]!) best = i;
  return best;
}

/**
 * Longest the calling thread's lane computes before it yields to the event loop and runs the
 * evaluator's interrupt check (see {@link Evaluator.setInterrupt}): signals and timers get to run.
 */
export const LANE_SLICE_MS = 50;

/** A macrotask: lets the event loop run timers, signals and messages (a microtask would not). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
