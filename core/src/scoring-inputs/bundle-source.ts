import { PathNotFoundError } from '../ipfs/errors.js';
import type { DirectoryEntry } from '../ipfs/unixfs.js';
import type { VerifiedFetch } from '../ipfs/verified-fetch.js';
import { MAX_BUNDLE_LISTING_BYTES } from './limits.js';

/** One entry of a bundle: its name and the size its listing declares (if it does). */
export interface BundleEntry {
  name: string;
  size?: number;
}

/** Where a bundle's files are read from: a CID through verified IPFS, or a local folder. */
export interface BundleSource {
  /** What it holds, for messages: a CID or a folder path. */
  readonly where: string;
  /** Its entries (a folder's files, a directory CID's links). */
  list(): Promise<BundleEntry[]>;
  /** The bytes of entry `name`; more than `maxBytes` throws ContentTooLargeError. */
  read(name: string, maxBytes: number): Promise<Uint8Array>;
}

/** Options of {@link ipfsBundle}. */
export interface IpfsBundleOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The bundle at directory CID `cid`, every block verified against its CID. */
export function ipfsBundle(
  ipfs: VerifiedFetch,
  cid: string,
  options: IpfsBundleOptions = {},
): BundleSource {
  const request = {
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.signal && { signal: options.signal }),
  };
  let entries: Promise<DirectoryEntry[]> | undefined;
  const listing = () =>
    (entries ??= ipfs.directory(cid, { ...request, maxBytes: MAX_BUNDLE_LISTING_BYTES }));
  return {
    where: cid,
    async list() {
      return (await listing()).map((e) => ({ name: e.name, size: e.size }));
    },
    async read(name, maxBytes) {
      const entry = (await listing()).find((e) => e.name === name);
      if (entry === undefined) throw new PathNotFoundError(`${cid} has no ${name}`);
      return ipfs.bytes(entry.cid, { ...request, maxBytes });
    },
  };
}
