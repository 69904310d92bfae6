/**
 * Typed failures of the IPFS layer. Match on `error.name` (or `instanceof`), never on message text.
 */

/** A string that is not a CID, or a CID this layer cannot handle. */
export class InvalidCidError extends Error {
  override name = 'InvalidCidError';
}

/** A content path (`<cid>/a/b`) that is malformed: empty segments, `.` or `..`, bad encoding. */
export class InvalidPathError extends Error {
  override name = 'InvalidPathError';
}

/** Bytes whose hash does not match the CID they were offered for. They never reach the caller. */
export class BlockVerificationError extends Error {
  override name = 'BlockVerificationError';
  constructor(
    readonly cid: string,
    detail = 'the bytes do not hash to this CID',
  ) {
    super(`block ${cid} failed verification: ${detail}`);
  }
}

/** A CID whose multihash function this layer cannot verify (only sha2-256 and identity are). */
export class UnsupportedHashError extends Error {
  override name = 'UnsupportedHashError';
}

/** A block that is not in the store (or that no gateway could provide). */
export class BlockNotFoundError extends Error {
  override name = 'BlockNotFoundError';
  constructor(readonly cid: string) {
    super(`block ${cid} not found`);
  }
}

/** A path segment that names no entry of its directory, or that tries to descend into a file. */
export class PathNotFoundError extends Error {
  override name = 'PathNotFoundError';
}

/** File bytes were asked of a directory, or a listing of a file. */
export class WrongContentTypeError extends Error {
  override name = 'WrongContentTypeError';
}

/** Malformed CAR bytes: bad header, truncated section, more than the expected roots. */
export class CarFormatError extends Error {
  override name = 'CarFormatError';
}

/** Content (or a download) larger than the configured limit. */
export class ContentTooLargeError extends Error {
  override name = 'ContentTooLargeError';
  constructor(readonly limit: number) {
    super(`content exceeds the limit of ${limit} bytes`);
  }
}

/** A directory over Kubo's 256 KiB HAMT threshold: we refuse to build sharded directories. */
export class DirectoryTooLargeError extends Error {
  override name = 'DirectoryTooLargeError';
}

/** Directory entries that cannot be imported: duplicate or invalid names. */
export class InvalidDirectoryError extends Error {
  override name = 'InvalidDirectoryError';
}

/** The fetch did not finish within its timeout. */
export class FetchTimeoutError extends Error {
  override name = 'FetchTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`fetch timed out after ${timeoutMs} ms`);
  }
}

/** Every gateway failed; `errors` holds each gateway's failure in order. */
export class AllGatewaysFailedError extends Error {
  override name = 'AllGatewaysFailedError';
  constructor(
    readonly path: string,
    readonly errors: { gateway: string; error: Error }[],
  ) {
    super(
      `no gateway could provide ${path}: ${errors.map((e) => `${e.gateway}: ${e.error.message}`).join('; ')}`,
    );
  }
}

/** A gateway answered with an HTTP error or an unexpected body. */
export class GatewayResponseError extends Error {
  override name = 'GatewayResponseError';
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${url} answered ${status}: ${detail}`);
  }
}

/** An upload that a storage backend refused or answered with the wrong root CID. */
export class UploadError extends Error {
  override name = 'UploadError';
}

/** A UnixFS file node whose declared size is not what its blocks hold (a lying `filesize` or `blocksizes`). */
export class InconsistentFileSizeError extends Error {
  override name = 'InconsistentFileSizeError';
  constructor(
    readonly cid: string,
    readonly declared: bigint,
    readonly actual: bigint,
  ) {
    super(`file ${cid} declares ${declared} bytes but its blocks hold ${actual}`);
  }
}
