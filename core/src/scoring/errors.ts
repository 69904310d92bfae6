/**
 * A result bundle that cannot be scored: a missing file, a network whose shape does not fit the
 * spec, a corrupt `.dat`, a pair index out of range, an oversized file. Never scored as zero.
 */
export class BundleError extends Error {
  override name = 'BundleError';
  constructor(
    readonly reason: BundleErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Why a bundle was rejected, for callers that branch (HTTP status, CLI hints). */
export type BundleErrorReason =
  | 'missing-file'
  | 'oversized'
  | 'corrupt-dat'
  | 'wrong-shape'
  | 'pair-out-of-range'
  | 'spec-mismatch';

/** Scoring inputs other than the bundle that are unusable: a malformed test seed, a missing test file. */
export class ScoringInputError extends Error {
  override name = 'ScoringInputError';
}

/** Scoring was cancelled through its AbortSignal. */
export class ScoringAbortedError extends Error {
  override name = 'ScoringAbortedError';
}
