import { walkPath, type ReadableStorage, type UnixFSEntry } from 'ipfs-unixfs-exporter';
import type { CID } from 'multiformats/cid';
import type { BlockOptions, BlockSource } from './block-store.js';
import { formatContentPath, parseContentPath, type ContentPath } from './cid.js';
import { InvalidPathError, PathNotFoundError, WrongContentTypeError } from './errors.js';

/** What a content path resolves to. */
export interface ResolvedEntry {
  cid: CID;
  /** `file` covers UnixFS files and raw blocks; `directory` covers plain and HAMT directories. */
  type: 'file' | 'directory';
  /** File size in bytes (0 for directories). */
  size: number;
  /** The CIDs met along the path, root first, ending with `cid`. */
  path: CID[];
}

/** One entry of a directory listing. */
export interface DirectoryEntry {
  name: string;
  cid: CID;
  /** Cumulative size of the entry's DAG as its link records it (unknown in HAMT directories). */
  size?: number;
}

type PathInput = string | CID | ContentPath;

/** Adapts a {@link BlockSource} to the exporter's blockstore shape. */
function storage(source: BlockSource): ReadableStorage {
  return {
    get: (cid: CID, options?: BlockOptions) =>
      (async function* () {
        yield await source.get(cid, options);
      })(),
  } as ReadableStorage;
}

async function entryAt(
  input: PathInput,
  source: BlockSource,
  options: BlockOptions,
): Promise<{ entry: UnixFSEntry; path: CID[] }> {
  const path = parseContentPath(input);
  const cids: CID[] = [];
  let entry: UnixFSEntry | undefined;
  try {
    for await (const step of walkPath(formatExporterPath(path), storage(source), options)) {
      cids.push(step.cid);
      entry = step;
    }
  } catch (error) {
    throw translate(error, path);
  }
  if (!entry) throw new PathNotFoundError(`no such path: ${formatContentPath(path)}`);
  return { entry, path: cids };
}

function formatExporterPath(path: ContentPath): string {
  // Segments cannot contain '/', so joining them raw is unambiguous for the exporter.
  return [path.cid.toString(), ...path.segments].join('/');
}

function translate(error: unknown, path: ContentPath): unknown {
  if (!(error instanceof Error)) return error;
  const where = formatContentPath(path);
  if (error.name === 'NotFoundError') return new PathNotFoundError(`no such path: ${where}`);
  if (error.name === 'BadPathError') return new InvalidPathError(`invalid path: ${where}`);
  if (error.name === 'NotUnixFSError' || error.name === 'NoResolverError') {
    return new WrongContentTypeError(`${where} is not UnixFS: ${error.message}`);
  }
  return error;
}

/**
 * Resolves `<cid>/a/b` through UnixFS directories to the entry it names.
 *
 * @example const { cid, type } = await resolvePath(`${root}/index.html`, store)
 */
export async function resolvePath(
  input: PathInput,
  source: BlockSource,
  options: BlockOptions = {},
): Promise<ResolvedEntry> {
  const { entry, path } = await entryAt(input, source, options);
  return { cid: entry.cid, type: kindOf(entry, input), size: sizeOf(entry), path };
}

/** The bytes of the file at a content path, chunk by chunk. Directories throw {@link WrongContentTypeError}. */
export async function* readFile(
  input: PathInput,
  source: BlockSource,
  options: BlockOptions = {},
): AsyncGenerator<Uint8Array> {
  const { entry } = await entryAt(input, source, options);
  if (kindOf(entry, input) !== 'file') {
    throw new WrongContentTypeError(
      `${formatContentPath(parseContentPath(input))} is a directory, not a file`,
    );
  }
  try {
    yield* entry.content(options) as AsyncGenerator<Uint8Array>;
  } catch (error) {
    throw translate(error, parseContentPath(input));
  }
}

/** The entries of the directory at a content path, sorted by name. Files throw {@link WrongContentTypeError}. */
export async function listDirectory(
  input: PathInput,
  source: BlockSource,
  options: BlockOptions = {},
): Promise<DirectoryEntry[]> {
  const { entry } = await entryAt(input, source, options);
  if (entry.type !== 'directory') {
    throw new WrongContentTypeError(
      `${formatContentPath(parseContentPath(input))} is a file, not a directory`,
    );
  }
  if (entry.unixfs.type === 'directory') {
    return entry.node.Links.map((link) => ({
      name: link.Name ?? '',
      cid: link.Hash,
      ...(link.Tsize !== undefined ? { size: link.Tsize } : {}),
    }));
  }
  const entries: DirectoryEntry[] = [];
  for await (const child of entry.content({ ...options, extended: false })) {
    entries.push({ name: child.name, cid: child.cid });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function kindOf(entry: UnixFSEntry, input: PathInput): 'file' | 'directory' {
  if (entry.type === 'directory') return 'directory';
  if (entry.type === 'file' || entry.type === 'raw' || entry.type === 'identity') return 'file';
  throw new WrongContentTypeError(
    `${formatContentPath(parseContentPath(input))} is not UnixFS (${entry.type})`,
  );
}

function sizeOf(entry: UnixFSEntry): number {
  return entry.type === 'directory' ? 0 : Number(entry.size);
}
