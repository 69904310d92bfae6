import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CAR_CONTENT_TYPE,
  PathNotFoundError,
  RAW_BLOCK_CONTENT_TYPE,
  listDirectory,
  packBlocks,
  parseContentPath,
  readFile,
  resolvePath,
  walkDag,
  type Block,
  type BlockSource,
  type CID,
  type ContentPath,
} from '@tem/core/ipfs';
import { FsBlockStore } from './fs-block-store.js';
import { ClientGoneError, HttpError, sendError } from './http-errors.js';
import { receiveUpload, type UploadLimits } from './upload.js';
import { directoryHtml } from './listing.js';
import { contentTypeOf } from './mime.js';

export interface GatewayOptions {
  /** Directory of the on-disk blockstore (created if missing; reused across restarts). */
  dataDir: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Largest CAR `POST /upload` accepts. Default 256 MiB. */
  maxUploadBytes?: number;
  /** Most blocks one upload may carry. Default 100,000. */
  maxUploadBlocks?: number;
  /** Uploads received at once; more are answered 503 with Retry-After. Default 4. */
  maxConcurrentUploads?: number;
  /** Where failures the client is not told about in detail are written. Default console.error. */
  log?: (line: string) => void;
}

/** A running gateway. */
export interface Gateway {
  /** Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  url: string;
  port: number;
  /** The blockstore it serves (for tests and the local stack). */
  store: FsBlockStore;
  close(): Promise<void>;
}

const IMMUTABLE = 'public, max-age=29030400, immutable';
/** Reads are open to every page, as on public gateways: content is public and addressed by hash. */
const READ_CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Accept, Range',
  'access-control-expose-headers': 'Content-Length, Content-Type, Etag, X-Ipfs-Path, X-Ipfs-Roots',
};

/**
 * Starts the local IPFS trustless gateway over an on-disk blockstore.
 *
 * - `GET|HEAD /ipfs/<cid>[/<path>]`: files, directories (`index.html` if present, otherwise a
 *   JSON listing, or HTML for browsers); `?format=raw|car` or `Accept: application/vnd.ipld.raw|car`
 *   for trustless responses (`dag-scope=block|entity|all` for CARs).
 * - `POST /upload`: a CAR body; every block verified, the DAG checked complete, stored; answers
 *   `{ "cid": "<root>", "blocks": n, "bytes": n }`.
 *
 * @example
 * const gw = await startGateway({ dataDir: '.devnet/ipfs' })
 * console.log(gw.url) // http://127.0.0.1:<port>
 * await gw.close()
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const store = await FsBlockStore.open(options.dataDir);
  const log = options.log ?? ((line: string) => console.error(line));
  const context: RequestContext = {
    store,
    limits: {
      maxBytes: options.maxUploadBytes ?? 256 * 1024 * 1024,
      maxBlocks: options.maxUploadBlocks ?? 100_000,
    },
    uploads: { running: 0, max: options.maxConcurrentUploads ?? 4 },
  };
  const server = createServer((req, res) => {
    handle(req, res, context).catch((error) => sendError(res, error, log));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface RequestContext {
  store: FsBlockStore;
  limits: UploadLimits;
  uploads: { running: number; max: number };
}

async function handle(req: IncomingMessage, res: ServerResponse, context: RequestContext) {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  const method = req.method ?? 'GET';
  if (url.pathname === '/upload') return handleUpload(req, res, method, context);
  for (const [name, value] of Object.entries(READ_CORS_HEADERS)) res.setHeader(name, value);
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-max-age': '86400' }).end();
    return;
  }
  if (url.pathname === '/ipfs' || url.pathname.startsWith('/ipfs/')) {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, 'GET, HEAD, OPTIONS');
    await serveIpfs(req, res, url, context.store);
    return;
  }
  if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
    sendJson(res, 200, {
      name: '@tem/gateway',
      endpoints: ['GET /ipfs/<cid>[/<path>][?format=raw|car]', 'POST /upload (CAR body)'],
    });
    return;
  }
  throw new HttpError(404, `no route for ${method} ${url.pathname}`);
}

/**
 * `POST /upload` writes into the store, so unlike reads it is not open to every web page: a page
 * may upload only from a loopback origin (the site this gateway serves, a dev server on this
 * machine), which CORS grants by name; programs send no Origin and are not concerned. The CAR
 * content type is required, which also makes every cross-origin upload ask first (preflight).
 */
async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  context: RequestContext,
) {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!isLoopbackOrigin(origin)) {
      req.resume();
      throw new HttpError(
        403,
        `uploads are accepted from pages on this machine only, not from origin ${origin.slice(0, 100)}`,
        { connection: 'close' },
      );
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  if (method === 'OPTIONS') {
    res
      .writeHead(204, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'Content-Type',
        'access-control-max-age': '600',
      })
      .end();
    return;
  }
  if (method !== 'POST') throw methodNotAllowed(method, 'POST, OPTIONS');
  if (context.uploads.running >= context.uploads.max) {
    req.resume();
    throw new HttpError(
      503,
      `${context.uploads.running} uploads are in progress, the most this gateway takes at once; retry shortly`,
      { 'retry-after': '1', connection: 'close' },
    );
  }
  context.uploads.running++;
  try {
    sendJson(res, 200, await receiveUpload(req, context.store, context.limits));
  } catch (error) {
    // The answer may come before the whole body was sent: drop the rest and close the
    // connection, so no client reuses a socket that still carries our unread bytes.
    if (!res.headersSent) res.setHeader('connection', 'close');
    req.resume();
    throw error;
  } finally {
    context.uploads.running--;
  }
}

/** `http(s)://localhost`, `127.x.x.x` or `[::1]`, any port. */
function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

function methodNotAllowed(method: string, allow: string): HttpError {
  return new HttpError(405, `method ${method} not allowed here; allowed: ${allow}`, { allow });
}

type ResponseFormat = 'raw' | 'car' | 'deserialized';

function formatOf(req: IncomingMessage, url: URL): ResponseFormat {
  const format = url.searchParams.get('format');
  if (format === 'raw' || format === 'car') return format;
  if (format !== null && format !== '') {
    throw new HttpError(400, `unsupported format '${format}': use raw or car`);
  }
  const accept = req.headers.accept ?? '';
  if (accept.includes(RAW_BLOCK_CONTENT_TYPE)) return 'raw';
  if (accept.includes(CAR_CONTENT_TYPE)) return 'car';
  return 'deserialized';
}

async function serveIpfs(req: IncomingMessage, res: ServerResponse, url: URL, store: FsBlockStore) {
  const rawPath = url.pathname.slice('/ipfs/'.length);
  if (rawPath === '' || url.pathname === '/ipfs')
    throw new HttpError(400, 'invalid path: no CID after /ipfs/');
  const path = parseContentPath(rawPath);
  const format = formatOf(req, url);
  const head = req.method === 'HEAD';
  const ipfsPath = `/ipfs/${rawPath}`;
  if (format === 'raw') return serveRaw(res, path, store, head, ipfsPath);
  if (format === 'car') return serveCar(res, url, path, store, head, ipfsPath);

  const entry = await resolvePath(path, store);
  if (entry.type === 'directory') {
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const index = await resolvePath({ cid: entry.cid, segments: ['index.html'] }, store).catch(
      (error) => {
        if (error instanceof PathNotFoundError) return undefined;
        throw error;
      },
    );
    if (index?.type === 'file') {
      return streamFile(
        res,
        index.cid,
        index.size,
        'text/html; charset=utf-8',
        store,
        head,
        ipfsPath,
      );
    }
    const entries = await listDirectory(entry.cid, store);
    if ((req.headers.accept ?? '').includes('text/html')) {
      const html = directoryHtml(url.pathname, entries);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        etag: `"DirIndex-${entry.cid}"`,
        'x-ipfs-path': ipfsPath,
      });
      res.end(head ? undefined : html);
      return;
    }
    sendJson(
      res,
      200,
      {
        cid: entry.cid.toString(),
        entries: entries.map((e) => ({ name: e.name, cid: e.cid.toString(), size: e.size })),
      },
      { etag: `"DirIndex-${entry.cid}.json"`, 'x-ipfs-path': ipfsPath },
    );
    return;
  }
  const name = path.segments[path.segments.length - 1];
  return streamFile(res, entry.cid, entry.size, contentTypeOf(name), store, head, ipfsPath);
}

async function streamFile(
  res: ServerResponse,
  cid: CID,
  size: number,
  contentType: string,
  store: BlockSource,
  head: boolean,
  ipfsPath: string,
) {
  if (notModified(res, `"${cid}"`)) return;
  // Pull the first chunk before answering, so a missing block is still a clean 404.
  const chunks = readFile(cid, store);
  const first = head ? undefined : await chunks.next();
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': size,
    etag: `"${cid}"`,
    'cache-control': IMMUTABLE,
    'x-ipfs-path': ipfsPath,
    'x-content-type-options': 'nosniff',
  });
  if (head) {
    res.end();
    return;
  }
  if (first && !first.done) await write(res, first.value);
  for await (const chunk of chunks) await write(res, chunk);
  res.end();
}

async function serveRaw(
  res: ServerResponse,
  path: ContentPath,
  store: FsBlockStore,
  head: boolean,
  ipfsPath: string,
) {
  const cid = path.segments.length > 0 ? (await resolvePath(path, store)).cid : path.cid;
  if ((await store.has(cid)) && notModified(res, `"${cid}.raw"`)) return;
  const bytes = await store.get(cid);
  res.writeHead(200, {
    'content-type': RAW_BLOCK_CONTENT_TYPE,
    'content-length': bytes.length,
    'content-disposition': `attachment; filename="${cid}.bin"`,
    etag: `"${cid}.raw"`,
    'cache-control': IMMUTABLE,
    'x-ipfs-path': ipfsPath,
    'x-content-type-options': 'nosniff',
  });
  res.end(head ? undefined : bytes);
}

async function serveCar(
  res: ServerResponse,
  url: URL,
  path: ContentPath,
  store: FsBlockStore,
  head: boolean,
  ipfsPath: string,
) {
  const scope = url.searchParams.get('dag-scope') ?? 'all';
  if (scope !== 'all' && scope !== 'entity' && scope !== 'block') {
    throw new HttpError(400, `unsupported dag-scope '${scope}': use all, entity or block`);
  }
  const resolved = await resolvePath(path, store);
  res.writeHead(200, {
    'content-type': `${CAR_CONTENT_TYPE}; version=1; order=dfs; dups=n`,
    etag: `"${path.cid}${path.segments.length ? '/' + path.segments.join('/') : ''}.car.${scope}"`,
    'cache-control': IMMUTABLE,
    'x-ipfs-path': ipfsPath,
    'x-ipfs-roots': resolved.path.map(String).join(','),
    'x-content-type-options': 'nosniff',
  });
  if (head) {
    res.end();
    return;
  }
  const blocks = carBlocks(resolved.path, resolved.type, scope, store);
  for await (const chunk of packBlocks([path.cid], blocks)) await write(res, chunk);
  res.end();
}

/** The blocks along the path, then the terminal entity's DAG as `dag-scope` asks, each once. */
async function* carBlocks(
  pathCids: CID[],
  type: 'file' | 'directory',
  scope: string,
  store: BlockSource,
): AsyncGenerator<Block> {
  const seen = new Set<string>();
  for (const cid of pathCids) {
    if (seen.has(cid.toString())) continue;
    seen.add(cid.toString());
    yield { cid, bytes: await store.get(cid) };
  }
  const terminal = pathCids[pathCids.length - 1]!;
  if (scope === 'block' || (scope === 'entity' && type === 'directory')) return;
  for await (const block of walkDag(terminal, store)) {
    if (seen.has(block.cid.toString())) continue;
    seen.add(block.cid.toString());
    yield block;
  }
}

/** Answers 304 when the client already holds this (immutable) response. */
function notModified(res: ServerResponse, etag: string): boolean {
  const header = res.req.headers['if-none-match'];
  if (!header || !header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
    return false;
  res.writeHead(304, { etag, 'cache-control': IMMUTABLE }).end();
  return true;
}

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function write(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  if (res.destroyed) return Promise.reject(new ClientGoneError());
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      res.off('drain', onDrain);
      reject(new ClientGoneError());
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
