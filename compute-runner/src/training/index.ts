/**
 * Node side of BiSUNA training for `tem train` and the daemon: a worker-thread evaluator, atomic
 * checkpoints, progress reporting and the result files. The algorithm itself is
 * `@tem/core/bisuna/training` (pure, isomorphic).
 *
 * @example
 * import { WorkerPoolEvaluator, writeCheckpoint, writeTrainingOutputs } from '@tem/compute-runner/training';
 * const pool = new WorkerPoolEvaluator(2);
 * try {
 *   const r = await trainCipher({ config, seed, evaluator: pool, checkpointEvery: 10,
 *     onCheckpoint: (s) => writeCheckpoint(dir, s) });
 *   await writeTrainingOutputs(dir, r.state, { threads: 2, stopped: r.stopped });
 * } finally {
 *   await pool.close();
 * }
 */
export * from './errors.js';
export * from './worker-pool.js';
export * from './checkpoint.js';
export * from './outputs.js';
export * from './progress.js';
