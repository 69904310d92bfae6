import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { importer, type ImportCandidate, type ImporterOptions } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import type { BlockOptions, BlockStore } from './block-store.js';
import { DAG_PB } from './cid.js';
import {
  toByteIterable,
  type ByteSource,
  type Content,
  type DirectoryEntryInput,
} from './content.js';
import { DirectoryTooLargeError, InvalidDirectoryError } from './errors.js';

/** CID version: 1 (raw leaves, `ipfs add --cid-version 1`) or 0 (dag-pb leaves, plain `ipfs add`). */
export type CidVersion = 0 | 1;

export interface AddOptions extends BlockOptions {
  /** Default 1. */
  cidVersion?: CidVersion;
}

/** Kubo's defaults: fixed 256 KiB chunks, balanced DAG of 174 links per node. */
export const CHUNK_SIZE = 262_144;
export const MAX_LINKS_PER_NODE = 174;
/** Kubo shards a directory into a HAMT when its links (name + CID bytes) exceed this. */
export const HAMT_THRESHOLD_BYTES = 262_144;

/** Where blocks go during an import: a store, or nowhere (CID computation only). */
type BlockSink = Pick<BlockStore, 'put'>;

const discard: BlockSink = { put: async () => {} };

function importerOptions(cidVersion: CidVersion, signal?: AbortSignal): ImporterOptions {
  return {
    cidVersion,
    rawLeaves: cidVersion === 1,
    reduceSingleLeafToSelf: true,
    leafType: 'file',
    chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: MAX_LINKS_PER_NODE }),
    shardSplitThresholdBytes: HAMT_THRESHOLD_BYTES,
    shardSplitStrategy: 'links-bytes',
    ...(signal ? { signal } : {}),
  };
}

function writable(sink: BlockSink, signal?: AbortSignal) {
  return {
    put: async (cid: CID, bytes: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>) => {
      signal?.throwIfAborted();
      if (!(bytes instanceof Uint8Array))
        throw new TypeError('importer yielded a non-buffer block');
      await sink.put(cid, bytes);
      return cid;
    },
  };
}

/**
 * Imports one file as UnixFS (Kubo defaults) into `store` and returns its root CID.
 *
 * @example const cid = await addFile(bytes, store) // same CID as `ipfs add --cid-version 1`
 */
export async function addFile(
  content: ByteSource,
  store: BlockSink,
  options: AddOptions = {},
): Promise<CID> {
  const version = options.cidVersion ?? 1;
  let root: CID | undefined;
  for await (const entry of importer(
    [{ content: toByteIterable(content) }],
    writable(store, options.signal),
    importerOptions(version, options.signal),
  )) {
    root = entry.cid;
  }
  if (!root) throw new Error('importer produced no root');
  return root;
}

/**
 * Imports a directory as UnixFS (as `ipfs add -r` does) into `store` and returns its root CID.
 * Directories that Kubo would shard (over 256 KiB of links) are refused with
 * {@link DirectoryTooLargeError}.
 */
export async function addDirectory(
  entries: DirectoryEntryInput[],
  store: BlockSink,
  options: AddOptions = {},
): Promise<CID> {
  const version = options.cidVersion ?? 1;
  const candidates = toCandidates(entries);
  if (candidates.length === 0) return putEmptyDirectory(store, version);
  let root: CID | undefined;
  for await (const entry of importer(candidates, writable(store, options.signal), {
    ...importerOptions(version, options.signal),
    wrapWithDirectory: true,
  })) {
    if (entry.unixfs?.type === 'hamt-sharded-directory') {
      throw new DirectoryTooLargeError(
        `directory '${entry.path || '/'}' has more than ${HAMT_THRESHOLD_BYTES} bytes of links; ` +
          'Kubo would shard it (HAMT), which this importer refuses: split it into subdirectories',
      );
    }
    root = entry.cid;
  }
  if (!root) throw new Error('importer produced no root');
  return root;
}

/** Imports a file or a directory (see {@link addFile}, {@link addDirectory}). */
export function addContent(
  content: Content,
  store: BlockSink,
  options: AddOptions = {},
): Promise<CID> {
  return content.kind === 'file'
    ? addFile(content.content, store, options)
    : addDirectory(content.entries, store, options);
}

/**
 * The CID `ipfs add` would print for these bytes (v1 by default), without storing anything.
 *
 * @example await cidOfBytes(new TextEncoder().encode('hello world')) // bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e
 */
export function cidOfBytes(bytes: Uint8Array, options: AddOptions = {}): Promise<CID> {
  return addFile(bytes, discard, options);
}

/** The CID of a file given as a stream or chunks, without storing anything. */
export function cidOfFile(content: ByteSource, options: AddOptions = {}): Promise<CID> {
  return addFile(content, discard, options);
}

/** The CID `ipfs add -r` would print for this directory, without storing anything. */
export function cidOfDirectory(
  entries: DirectoryEntryInput[],
  options: AddOptions = {},
): Promise<CID> {
  return addDirectory(entries, discard, options);
}

function toCandidates(entries: DirectoryEntryInput[]): ImportCandidate[] {
  const seen = new Set<string>();
  const candidates: ImportCandidate[] = [];
  for (const entry of entries) {
    const path = normalisePath(entry.path);
    if (seen.has(path)) throw new InvalidDirectoryError(`duplicate directory entry '${path}'`);
    seen.add(path);
    candidates.push(
      entry.content === undefined ? { path } : { path, content: toByteIterable(entry.content) },
    );
  }
  return candidates;
}

function normalisePath(path: string): string {
  const segments = path
    .split('/')
    .filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('\0')) {
      throw new InvalidDirectoryError(`invalid directory entry path '${path}'`);
    }
  }
  if (segments.length === 0)
    throw new InvalidDirectoryError(`invalid directory entry path '${path}'`);
  return segments.join('/');
}

async function putEmptyDirectory(store: BlockSink, version: CidVersion): Promise<CID> {
  const bytes = dagPb.encode({ Data: new UnixFS({ type: 'directory' }).marshal(), Links: [] });
  const hash = await sha256.digest(bytes);
  const cid = version === 0 ? CID.createV0(hash) : CID.createV1(DAG_PB, hash);
  await store.put(cid, bytes);
  return cid;
}
