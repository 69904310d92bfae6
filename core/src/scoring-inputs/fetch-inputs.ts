import type { VerifiedFetch } from '../ipfs/verified-fetch.js';
import type { BundleFiles } from '../kinds/kind.js';
import { MANIFEST_FILE } from '../kinds/bundle-files.js';
import { kindOf, type AnyTaskKind, type AnyTaskSpec } from '../kinds/registry.js';
import { ipfsBundle, type BundleSource } from './bundle-source.js';
import { BundleTooLargeError, MissingBundleFileError, ScoringInputFetchError } from './errors.js';
import { CAR_OVERHEAD_BYTES, MAX_TEST_FILE_BYTES, bundleLimit } from './limits.js';

/** What {@link fetchScoringInputs} reads. */
export interface ScoringInputsRequest {
  spec: AnyTaskSpec;
  /** The result bundle: its directory CID, or another source (`tem score`'s local folder). */
  bundle: string | BundleSource;
  /** A deployment's own cap on bundles, under MAX_BUNDLE_BYTES (the verifier's env). */
  maxBundleBytes?: number;
  /** Deadline of each IPFS request. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Runs on the bundle's files before the test files are fetched (the verifier refuses a
   * bundle made for another task there, before fetching anything else).
   */
  checkBundle?: (files: BundleFiles) => void;
}

/** What a kind's scorer needs besides the test seed. */
export interface ScoringInputs {
  spec: AnyTaskSpec;
  kind: AnyTaskKind;
  /** The manifest and the files the kind scores (optional ones when present). */
  files: BundleFiles;
  /** The spec's test files by name. */
  testFiles: Map<string, Uint8Array>;
}

/**
 * The inputs of scoring a submission, with the one set of limits every scorer applies (the
 * verifier, `tem score`, the site's re-check): the bundle's manifest and scored files, within
 * `bundleLimit(spec)` together (its listing's declared sizes are checked before any download),
 * then the spec's test files, each within its kind's limit and MAX_TEST_FILE_BYTES, every block
 * verified against its CID.
 *
 * Throws MissingBundleFileError, BundleTooLargeError, or ScoringInputFetchError (naming the
 * input, with the IPFS layer's error as `cause`).
 *
 * @example
 * const ipfs = createVerifiedFetch({ gateways: ['http://127.0.0.1:8080'] });
 * const { kind, files, testFiles } = await fetchScoringInputs(ipfs, { spec, bundle: resultCid });
 * const report = await kind.score({ spec, files, testFiles, testSeed });
 */
export async function fetchScoringInputs(
  ipfs: VerifiedFetch,
  request: ScoringInputsRequest,
): Promise<ScoringInputs> {
  const { spec } = request;
  const kind = kindOf(spec);
  const options = {
    ...(request.timeoutMs !== undefined && { timeoutMs: request.timeoutMs }),
    ...(request.signal && { signal: request.signal }),
  };
  const source =
    typeof request.bundle === 'string' ? ipfsBundle(ipfs, request.bundle, options) : request.bundle;
  const files = await readBundleFiles(source, kind, bundleLimit(spec, request.maxBundleBytes));
  request.checkBundle?.(files);
  const testFiles = new Map<string, Uint8Array>();
  for (const file of kind.testFiles(spec)) {
    const maxBytes = Math.min(file.maxBytes, MAX_TEST_FILE_BYTES);
    try {
      testFiles.set(file.name, await ipfs.bytes(file.cid, { ...options, maxBytes }));
    } catch (error) {
      throw new ScoringInputFetchError('test-file', file.cid, file.name, maxBytes, asError(error));
    }
  }
  return { spec, kind, files, testFiles };
}

/**
 * The bundle files `kind` scores, and its manifest: a required one it lacks is refused, as are
 * files over `limit` bytes together. Optional files it lacks are left out; the kind decides.
 */
async function readBundleFiles(
  source: BundleSource,
  kind: AnyTaskKind,
  limit: number,
): Promise<Map<string, Uint8Array>> {
  let entries;
  try {
    entries = await source.list();
  } catch (error) {
    throw new ScoringInputFetchError('bundle', source.where, undefined, limit, asError(error));
  }
  const found = kind.bundleFiles
    .filter((file) => file.scored || file.name === MANIFEST_FILE)
    .flatMap((file) => {
      const entry = entries.find((e) => e.name === file.name);
      if (entry === undefined && (file.required || file.name === MANIFEST_FILE)) {
        const required = kind.bundleFiles.filter((f) => f.required).map((f) => f.name);
        throw new MissingBundleFileError(file.name, kind.id, required);
      }
      return entry ? [entry] : [];
    });
  const declared = found.reduce((sum, e) => sum + (e.size ?? 0), 0);
  if (declared > limit + CAR_OVERHEAD_BYTES) throw new BundleTooLargeError(limit, declared);

  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of found) {
    let bytes;
    try {
      bytes = await source.read(entry.name, Math.max(0, limit - total) + CAR_OVERHEAD_BYTES);
    } catch (error) {
      if (error instanceof Error && error.name === 'ContentTooLargeError') {
        throw new BundleTooLargeError(limit);
      }
      const path = `${source.where}/${entry.name}`;
      throw new ScoringInputFetchError('bundle-file', path, entry.name, limit, asError(error));
    }
    total += bytes.byteLength;
    if (total > limit) throw new BundleTooLargeError(limit);
    files.set(entry.name, bytes);
  }
  return files;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
