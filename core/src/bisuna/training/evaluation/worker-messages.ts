import type { CipherStream } from '../../encryption/cipher-stream.js';
import type { AgentResults, AgentSlice } from '../agent-slice.js';
import type { GenomeUpdate } from '../resident-genomes.js';
import type { ClaimedResults, SharedWork } from '../lane-items.js';
import { sharedArray } from '../work-claims.js';
import type { EveResults, PairResults, TestSpec } from './evaluator.js';

export {
  STEAL_AFTER_MS,
  processClockMs,
  type ClaimedResults,
  type SharedWork,
} from '../lane-items.js';

/**
 * A worker's share of a {@link PairGeneration} (plain data, posted with the genome updates):
 * cells `first .. first+count-1` of the resident populations.
 */
export interface PairSlice {
  kind: 'pairs';
  seed: number;
  tick: number;
  first: number;
  count: number;
  stream: CipherStream;
  withEve: boolean;
  /** Cells taken one at a time by every lane, results written in shared memory. */
  shared?: SharedWork<PairResults>;
  /**
   * Where the lane holds each cell's genomes (cell `first + i` at `residents[role][i]`) when they
   * have moved since they were sent, in a prefetch (see {@link Evaluator.prefetchPairs}).
   */
  residents?: PairResidents;
  /** With `shared`: the generation's held-out test, which the lane starts on as soon as it can. */
  test?: ChainedTest;
}

/**
 * The held-out test that follows a shared pair task: once every cell is finished, the lane tests
 * the best pair ({@link bestPairIndex} of the shared fitness), its streams claimed from `shared`,
 * without waiting for a message of its own. A lane that waits longer than
 * {@link CHAINED_TEST_WAIT_MS} for the other lanes' last cells leaves the test to them.
 */
export interface ChainedTest {
  tests: TestSpec;
  shared: SharedWork<Uint8Array>;
}

/** Longest a lane waits for a pair task's last cells before it leaves the chained test to others. */
export const CHAINED_TEST_WAIT_MS = 2;

/** Resident cells of the genomes of a slice's pairs, per role. */
export interface PairResidents {
  alice: Int32Array;
  bob: Int32Array;
  eve: Int32Array | null;
}

/** Results of a {@link PairSlice}. */
export type PairSliceResults = PairResults;

/**
 * Part of the held-out test of resident pair `cell` (the generation's best): test streams
 * `first .. first+streams-1` of `tick`.
 */
export interface TestSlice {
  kind: 'test';
  seed: number;
  tick: number;
  cell: number;
  tests: TestSpec;
  first: number;
  streams: number;
  /** Streams taken one at a time by every lane; 1 per stream decrypted exactly. */
  shared?: SharedWork<Uint8Array>;
}

/** Results of a {@link TestSlice}: how many of its streams the pair decrypted exactly. */
export interface TestResults {
  testPerfect: number;
}

/** A worker's share of an {@link EveGeneration}: resident Eves `first .. first+count-1`. */
export interface EveSlice {
  kind: 'eves';
  seed: number;
  tick: number;
  first: number;
  count: number;
  payloadWords: number;
  steps: number;
  payloads: Uint16Array;
  ciphers: Uint16Array;
  /** Eves taken one at a time by every lane, fitness written in shared memory. */
  shared?: SharedWork<EveResults>;
}

export type EvaluationSlice = PairSlice | EveSlice | TestSlice | AgentSlice;
export type EvaluationSliceResults =
  PairSliceResults | EveResults | TestResults | AgentResults | ClaimedResults;

/** Per-cell result arrays of `count` cells, in this thread's memory or shared. */
export function pairResults(count: number, shared = false): PairResults {
  const f64 = (n: number) => (shared ? sharedArray(Float64Array, n) : new Float64Array(n));
  return {
    fitness: f64(count),
    decryption: f64(count),
    perfectSteps: shared ? sharedArray(Int32Array, count) : new Int32Array(count),
    eveReward: f64(count),
  };
}

/** Sends one lane its genome updates and slice, resolving with the slice's results. */
export type SendSlice = (
  lane: number,
  updates: GenomeUpdate[],
  slice: EvaluationSlice,
) => Promise<EvaluationSliceResults>;
