/**
 * Typed failures of fetching scoring inputs. Match on `error.name` (or `instanceof`), never on
 * message text; each caller words them for its medium (HTTP problem, CLI line, site message).
 */

/** A bundle without a file its kind requires (the manifest always is). */
export class MissingBundleFileError extends Error {
  override name = 'MissingBundleFileError';
  constructor(
    readonly file: string,
    readonly kind: string,
    /** Every file a bundle of `kind` must hold. */
    readonly required: readonly string[],
  ) {
    super(`the result bundle has no ${file} (a ${kind} bundle holds ${required.join(', ')})`);
  }
}

/** A bundle whose scored files hold more than `limit` bytes together (`size` when declared). */
export class BundleTooLargeError extends Error {
  override name = 'BundleTooLargeError';
  constructor(
    readonly limit: number,
    readonly size?: number,
  ) {
    super(
      `the result bundle ${size === undefined ? 'exceeds' : `(${size} bytes) exceeds`} the task's limit of ${limit} bytes`,
    );
  }
}

/** Which input a fetch failed on: the bundle's listing, one of its files, or a test file. */
export type ScoringInputPart = 'bundle' | 'bundle-file' | 'test-file';

/**
 * An input that could not be fetched; `cause` is the IPFS layer's (or the file system's) typed
 * error, `path` what was asked for (a CID, `<cid>/<name>`), `limit` the size limit it was read with.
 */
export class ScoringInputFetchError extends Error {
  override name = 'ScoringInputFetchError';
  constructor(
    readonly part: ScoringInputPart,
    readonly path: string,
    /** The file's name in the bundle or the spec (absent for the bundle's listing). */
    readonly file: string | undefined,
    readonly limit: number,
    override readonly cause: Error,
  ) {
    super(`cannot fetch ${path}: ${cause.message}`, { cause });
  }
}
