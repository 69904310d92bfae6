/** A training configuration (ini or JSON) with a missing, malformed or out-of-range value. */
export class TrainingConfigError extends Error {
  override name = 'TrainingConfigError';
}

/** A checkpoint or training state that cannot be restored (wrong shape, version or config). */
export class TrainingStateError extends Error {
  override name = 'TrainingStateError';
}

/** A training run's abort signal fired in the middle of a generation, which was abandoned. */
export class TrainingAbortedError extends Error {
  override name = 'TrainingAbortedError';
}
