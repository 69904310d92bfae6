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

/** The production scorer: `scoreSubmission` of `@tem/core/scoring`, imported at the first job. */
export const coreScorer: Scorer = async (input) => {
  const { scoreSubmission } = await import('@tem/core/scoring');
  return scoreSubmission(input);
};
