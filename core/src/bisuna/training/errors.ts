/** A training configuration (ini or JSON) with a missing, malformed or out-of-range value. */
export class TrainingConfigError extends Error {
  override name = 'TrainingConfigError';
}

/** A checkpoint or training state that cannot be restored (wrong shape, version or config). */
export class TrainingStateError extends Error {
  override name = 'TrainingStateError';
}

/** Training was stopped through its AbortSignal; the last completed generation is intact. */
export class TrainingAbortedError extends Error {
  override name = 'TrainingAbortedError';
}
