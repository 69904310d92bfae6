import type { CID } from 'multiformats/cid';
import { MemoryBlockStore, type BlockSource } from './block-store.js';
import { readCar, concatBytes, CAR_CONTENT_TYPE } from './car.js';
import { formatContentPath, parseContentPath, type ContentPath } from './cid.js';
import {
  AllGatewaysFailedError,
  BlockVerificationError,
  ContentTooLargeError,
  FetchTimeoutError,
  GatewayResponseError,
  InvalidCidError,
  InvalidPathError,
  PathNotFoundError,
  UnsupportedHashError,
  WrongContentTypeError,
} from './errors.js';
import {
  listDirectory,
  readFile,
  resolvePath,
  type DirectoryEntry,
  type ResolvedEntry,
} from './unixfs.js';
import { MAX_BLOCK_BYTES, verifyBlock } from './verify.js';

/** MIME type of a single raw block, as trustless gateways use it. */
export const RAW_BLOCK_CONTENT_TYPE = 'application/vnd.ipld.raw';

export interface VerifiedFetchOptions {
  /** Trustless gateway base URLs, tried in order, e.g. `['http://127.0.0.1:8080', 'https://trustless-gateway.link']`. */
  gateways: string[];
  /** Most bytes one request may download (blocks and CARs together). Default 64 MiB. */
  maxBytes?: number;
  /** Deadline for a whole request, all gateways included. Default 30 s. */
  timeoutMs?: number;
  /** Deadline for one gateway's attempt, after which the next gateway is tried. Default 10 s. */
  gatewayTimeoutMs?: number;
  /** The fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
}

/** Per-request overrides. */
export interface FetchRequestOptions {
  signal?: AbortSignal;
  maxBytes?: number;
  timeoutMs?: number;
}

/** A content path: `<cid>/a/b`, `/ipfs/<cid>/a`, `ipfs://<cid>`, a CID, or a parsed path. */
export type ContentPathInput = string | CID | ContentPath;

/** Reads content by CID from trustless gateways, verifying every block before using it. */
export interface VerifiedFetch {
  /** The bytes of a file. */
  bytes(path: ContentPathInput, options?: FetchRequestOptions): Promise<Uint8Array>;
  /** A file decoded as UTF-8. */
  text(path: ContentPathInput, options?: FetchRequestOptions): Promise<string>;
  /** A file parsed as JSON. The value is untrusted input: validate it. */
  json<T = unknown>(path: ContentPathInput, options?: FetchRequestOptions): Promise<T>;
  /** The listing of a directory. */
  directory(path: ContentPathInput, options?: FetchRequestOptions): Promise<DirectoryEntry[]>;
  /** What a path names (CID, type, size) without reading file content. */
  resolve(path: ContentPathInput, options?: FetchRequestOptions): Promise<ResolvedEntry>;
}

/** Failures that are facts about the (verified) content, not about a gateway: never retried. */
const CONTENT_ERRORS = [
  ContentTooLargeError,
  PathNotFoundError,
  WrongContentTypeError,
  InvalidPathError,
  InvalidCidError,
  UnsupportedHashError,
];

/**
 * Creates a verified fetch client over a list of trustless gateways. Each request asks a gateway
 * for a CAR of the path (`?format=car`), verifies every block against its CID, fills gaps block by
 * block (`?format=raw`), and walks UnixFS over the verified blocks only. A gateway that fails,
 * times out or serves bytes that do not match their CID is skipped for the next one; if all fail,
 * a tampering gateway surfaces as {@link BlockVerificationError}.
 *
 * @example
 * const ipfs = createVerifiedFetch({ gateways: ['http://127.0.0.1:8080'] })
 * const manifest = await ipfs.json(`${resultCid}/manifest.json`)
 */
export function createVerifiedFetch(config: VerifiedFetchOptions): VerifiedFetch {
  if (config.gateways.length === 0)
    throw new TypeError('createVerifiedFetch needs at least one gateway URL');
  const gateways = config.gateways.map((url) => url.replace(/\/+$/, ''));
  const doFetch =
    config.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const defaults = {
    maxBytes: config.maxBytes ?? 64 * 1024 * 1024,
    timeoutMs: config.timeoutMs ?? 30_000,
    gatewayTimeoutMs: config.gatewayTimeoutMs ?? 10_000,
  };

  async function run<T>(
    input: ContentPathInput,
    options: FetchRequestOptions,
    scope: DagScope,
    action: (
      path: ContentPath,
      source: BlockSource,
      budget: Budget,
      signal: AbortSignal,
    ) => Promise<T>,
  ): Promise<T> {
    const path = parseContentPath(input);
    const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const limit = options.maxBytes ?? defaults.maxBytes;
    const verified = new MemoryBlockStore();
    const failures: { gateway: string; error: Error }[] = [];

    for (const gateway of gateways) {
      // Each attempt gets the whole limit: what a failed gateway sent must not count against
      // the next one (its CAR carries the same blocks again).
      const budget = new Budget(limit);
      const attemptTimeout = AbortSignal.timeout(defaults.gatewayTimeoutMs);
      const attempt = AbortSignal.any([signal, attemptTimeout]);
      try {
        await prefetchCar(gateway, path, scope, verified, budget, attempt);
        const source: BlockSource = {
          get: async (cid) =>
            (await verified.has(cid))
              ? verified.get(cid)
              : fetchRawBlock(gateway, cid, verified, budget, attempt),
        };
        return await action(path, source, budget, attempt);
      } catch (error) {
        if (deadline.aborted) throw new FetchTimeoutError(timeoutMs);
        if (options.signal?.aborted) throw options.signal.reason;
        if (CONTENT_ERRORS.some((type) => error instanceof type)) throw error;
        const failure = attemptTimeout.aborted
          ? new FetchTimeoutError(defaults.gatewayTimeoutMs)
          : error instanceof Error
            ? error
            : new Error(String(error));
        failures.push({ gateway, error: failure });
      }
    }
    const tampered = failures.find((f) => f.error instanceof BlockVerificationError);
    if (tampered) throw tampered.error;
    if (failures.length === 1) throw failures[0]!.error;
    throw new AllGatewaysFailedError(formatContentPath(path), failures);
  }

  async function fetchRawBlock(
    gateway: string,
    cid: CID,
    verified: MemoryBlockStore,
    budget: Budget,
    signal: AbortSignal,
  ): Promise<Uint8Array> {
    const url = `${gateway}/ipfs/${cid.toString()}?format=raw`;
    const response = await doFetch(url, { headers: { accept: RAW_BLOCK_CONTENT_TYPE }, signal });
    if (!response.ok)
      throw new GatewayResponseError(url, response.status, await errorDetail(response));
    const bytes = await readBody(response, Math.min(MAX_BLOCK_BYTES, budget.remaining + 1), budget);
    await verifyBlock(cid, bytes);
    await verified.put(cid, bytes);
    return bytes;
  }

  async function prefetchCar(
    gateway: string,
    path: ContentPath,
    scope: DagScope,
    verified: MemoryBlockStore,
    budget: Budget,
    signal: AbortSignal,
  ): Promise<void> {
    const url = `${gateway}/ipfs/${formatContentPath(path)}?format=car&dag-scope=${scope}`;
    const response = await doFetch(url, { headers: { accept: CAR_CONTENT_TYPE }, signal });
    // A gateway without CAR support still serves raw blocks: fall back to them.
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    const car = await readCar(budget.meter(streamChunks(response.body)), { signal });
    for await (const block of car.blocks) await verified.put(block.cid, block.bytes);
  }

  const bytes: VerifiedFetch['bytes'] = (input, options = {}) =>
    run(input, options, 'all', async (path, source, budget, signal) => {
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of readFile(path, source, { signal })) {
        total += chunk.length;
        if (total > budget.limit) throw new ContentTooLargeError(budget.limit);
        chunks.push(chunk);
      }
      return concatBytes(chunks);
    });
  const text: VerifiedFetch['text'] = async (input, options) =>
    new TextDecoder().decode(await bytes(input, options));

  return {
    bytes,
    text,
    async json<T>(input: ContentPathInput, options?: FetchRequestOptions): Promise<T> {
      const body = await text(input, options);
      try {
        return JSON.parse(body) as T;
      } catch (error) {
        const where =
          typeof input === 'string' ? input : formatContentPath(parseContentPath(input));
        throw new WrongContentTypeError(`${where} is not JSON: ${(error as Error).message}`);
      }
    },
    directory: (input, options = {}) =>
      run(input, options, 'entity', (path, source, _budget, signal) =>
        listDirectory(path, source, { signal }),
      ),
    resolve: (input, options = {}) =>
      run(input, options, 'block', (path, source, _budget, signal) =>
        resolvePath(path, source, { signal }),
      ),
  };
}

/**
 * How much of the DAG to ask for in one CAR (IPIP-402): `all` for file bytes, `entity` for a
 * directory listing (the directory, not its children), `block` to resolve a path.
 */
type DagScope = 'all' | 'entity' | 'block';

/** Counts downloaded bytes against the request's limit. */
class Budget {
  private used = 0;
  constructor(readonly limit: number) {}

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw new ContentTooLargeError(this.limit);
  }

  async *meter(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.spend(chunk.length);
      yield chunk;
    }
  }
}

async function* streamChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function readBody(response: Response, maxBlock: number, budget: Budget): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of budget.meter(streamChunks(response.body))) {
    total += chunk.length;
    if (total > maxBlock)
      throw new GatewayResponseError(
        response.url,
        response.status,
        `block larger than ${maxBlock} bytes`,
      );
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

/** The start of an error answer (read no further: a gateway may send an endless body). */
async function errorDetail(response: Response): Promise<string> {
  if (!response.body) return response.statusText;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of streamChunks(response.body)) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= 300) break;
    }
  } catch {
    // what arrived is enough to name the problem
  }
  const text = new TextDecoder().decode(concatBytes(chunks).subarray(0, 300));
  return text || response.statusText;
}
