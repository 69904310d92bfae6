import type { ResultManifest, TaskSpec } from '@tem/core/task';

/** What a scorer gets: the spec, the bundle's parts and the task's test seed. */
export interface ScoreInput {
  spec: TaskSpec;
  manifest: ResultManifest;
  /** `alice.dat` bytes. */
  alice: Uint8Array;
  /** `bob.dat` bytes. */
  bob: Uint8Array;
  /** The task's test seed, 0x-prefixed bytes32 hex. */
  testSeed: string;
  /** The spec's test files by name. */
  testFiles: Map<string, Uint8Array>;
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
}

/** A scorer's verdict: `score` is what gets signed (an integer that fits uint64). */
export interface ScoreReport {
  score: bigint;
  terms: Record<string, number>;
  formulaVersion: number;
}

/** Scores a submission deterministically; throws an error named `BundleError` for bad bundles. */
export type Scorer = (input: ScoreInput) => Promise<ScoreReport>;

// A variable specifier keeps this module loadable (and type-checkable) before the scoring module
// exists; the import happens at the first scoring job.
const SCORING_MODULE = '@tem/core/scoring';

/** The production scorer: `scoreSubmission` of `@tem/core/scoring`, imported lazily. */
export const coreScorer: Scorer = async (input) => {
  const scoring = (await import(SCORING_MODULE)) as { scoreSubmission?: Scorer };
  if (typeof scoring.scoreSubmission !== 'function') {
    throw new Error('@tem/core/scoring does not export scoreSubmission');
  }
  return scoring.scoreSubmission(input);
};
