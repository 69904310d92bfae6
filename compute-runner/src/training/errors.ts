/** A training worker thread failed or exited while evaluating. */
export class TrainingWorkerError extends Error {
  override name = 'TrainingWorkerError';
}

/** A checkpoint in the output folder that cannot be read or does not match the run. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}
