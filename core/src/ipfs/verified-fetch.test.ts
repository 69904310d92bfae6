import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectory, CHUNK_SIZE } from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { packBlocks } from './car.js';
import { parseCid, parseContentPath, RAW } from './cid.js';
import { walkDag, type Block } from './dag.js';
import {
  AllGatewaysFailedError,
  BlockVerificationError,
  ContentTooLargeError,
  FetchTimeoutError,
  PathNotFoundError,
  WrongContentTypeError,
} from './errors.js';
import { pseudoRandomBytes, sameBytes, utf8 } from './test-support/bytes.js';
import { resolvePath } from './unixfs.js';
import { createVerifiedFetch } from './verified-fetch.js';

type Mode = { car?: boolean; tamper?: boolean; hang?: boolean };

/** A minimal trustless gateway over a memory store; `tamper` flips a byte of every raw leaf. */
async function testGateway(
  store: MemoryBlockStore,
  mode: Mode,
): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const alter = (block: Block): Block => {
    if (!mode.tamper || block.cid.code !== RAW || block.bytes.length === 0) return block;
    const bytes = block.bytes.slice();
    bytes[0] = bytes[0]! ^ 0xff;
    return { cid: block.cid, bytes };
  };
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (mode.hang) return; // never answers
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = parseContentPath(decodeURI(url.pathname.slice('/ipfs/'.length)));
      try {
        if (url.searchParams.get('format') === 'raw') {
          const cid = parseCid(url.pathname.slice('/ipfs/'.length));
          const { bytes } = alter({ cid, bytes: await store.get(cid) });
          res.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' }).end(bytes);
          return;
        }
        if (url.searchParams.get('format') === 'car' && mode.car !== false) {
          const resolved = await resolvePath(path, store);
          res.writeHead(200, { 'content-type': 'application/vnd.ipld.car' });
          const blocks = (async function* () {
            for (const cid of resolved.path.slice(0, -1))
              yield { cid, bytes: await store.get(cid) };
            for await (const block of walkDag(resolved.cid, store)) yield alter(block);
          })();
          for await (const chunk of packBlocks([path.cid], blocks)) res.write(chunk);
          res.end();
          return;
        }
        res.writeHead(404).end('{"error":"NotFound"}');
      } catch (error) {
        res.writeHead(404).end(JSON.stringify({ error: (error as Error).message }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

const big = pseudoRandomBytes(CHUNK_SIZE * 4 + 321, 21);
const manifest = { schema: 'tem/result@1', taskId: 7 };
const store = new MemoryBlockStore();
let root: Awaited<ReturnType<typeof addDirectory>>;
const servers: Server[] = [];
let honest: string;
let noCar: string;
let tampering: string;
let hanging: string;
let dead: string;
let honestRequests: string[];

beforeAll(async () => {
  root = await addDirectory(
    [
      { path: 'manifest.json', content: utf8(JSON.stringify(manifest)) },
      { path: 'alice.dat', content: big },
      { path: 'eve/notes.txt', content: utf8('nothing to see') },
    ],
    store,
  );
  const h = await testGateway(store, {});
  const n = await testGateway(store, { car: false });
  const t = await testGateway(store, { tamper: true });
  const g = await testGateway(store, { hang: true });
  const d = await testGateway(store, {});
  servers.push(h.server, n.server, t.server, g.server);
  [honest, noCar, tampering, hanging, dead, honestRequests] = [
    h.url,
    n.url,
    t.url,
    g.url,
    d.url,
    h.requests,
  ];
  await new Promise<void>((resolve) => d.server.close(() => resolve()));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('verified fetch', () => {
  it('reads files, JSON and listings from an honest gateway with one CAR request', async () => {
    const ipfs = createVerifiedFetch({ gateways: [honest] });
    honestRequests.length = 0;
    expect(sameBytes(await ipfs.bytes(`${root}/alice.dat`), big)).toBe(true);
    expect(honestRequests).toHaveLength(1);
    expect(honestRequests[0]).toContain('format=car');
    expect(await ipfs.json(`ipfs://${root}/manifest.json`)).toEqual(manifest);
    expect(await ipfs.text(`/ipfs/${root}/eve/notes.txt`)).toBe('nothing to see');
    expect((await ipfs.directory(root)).map((e) => e.name)).toEqual([
      'alice.dat',
      'eve',
      'manifest.json',
    ]);
    const resolved = await ipfs.resolve(`${root}/alice.dat`);
    expect(resolved.type).toBe('file');
    expect(resolved.size).toBe(big.length);
  });

  it('falls back to raw blocks when a gateway serves no CARs', async () => {
    const ipfs = createVerifiedFetch({ gateways: [noCar] });
    expect(sameBytes(await ipfs.bytes(`${root}/alice.dat`), big)).toBe(true);
  });

  it('rejects a tampering gateway with BlockVerificationError and returns nothing', async () => {
    const ipfs = createVerifiedFetch({ gateways: [tampering] });
    await expect(ipfs.bytes(`${root}/alice.dat`)).rejects.toThrow(BlockVerificationError);
  });

  it('falls back from a tampering gateway to an honest one', async () => {
    const ipfs = createVerifiedFetch({ gateways: [tampering, honest] });
    expect(sameBytes(await ipfs.bytes(`${root}/alice.dat`), big)).toBe(true);
  });

  it('gives the next gateway the whole size limit, whatever a failed one sent', async () => {
    const ipfs = createVerifiedFetch({
      gateways: [tampering, honest],
      maxBytes: big.length + CHUNK_SIZE / 4,
    });
    expect(sameBytes(await ipfs.bytes(`${root}/alice.dat`), big)).toBe(true);
  });

  it('falls back from an unreachable gateway', async () => {
    const ipfs = createVerifiedFetch({ gateways: [dead, honest] });
    expect(await ipfs.json(`${root}/manifest.json`)).toEqual(manifest);
  });

  it('moves on from a gateway that hangs after its own timeout', async () => {
    const ipfs = createVerifiedFetch({
      gateways: [hanging, honest],
      gatewayTimeoutMs: 1500,
      timeoutMs: 5000,
    });
    expect(await ipfs.json(`${root}/manifest.json`)).toEqual(manifest);
  });

  it('gives up with FetchTimeoutError when the whole request times out', async () => {
    const ipfs = createVerifiedFetch({ gateways: [hanging], timeoutMs: 200 });
    await expect(ipfs.bytes(`${root}/manifest.json`)).rejects.toThrow(FetchTimeoutError);
  });

  it('honours the caller abort signal', async () => {
    const ipfs = createVerifiedFetch({ gateways: [hanging] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(ipfs.bytes(root, { signal: controller.signal })).rejects.toThrow('caller gave up');
  });

  it('enforces the size limit', async () => {
    const ipfs = createVerifiedFetch({ gateways: [honest], maxBytes: CHUNK_SIZE });
    await expect(ipfs.bytes(`${root}/alice.dat`)).rejects.toThrow(ContentTooLargeError);
    const noCarClient = createVerifiedFetch({ gateways: [noCar], maxBytes: CHUNK_SIZE });
    await expect(noCarClient.bytes(`${root}/alice.dat`)).rejects.toThrow(ContentTooLargeError);
  });

  it('reports a missing path as a fact, without trying other gateways', async () => {
    const ipfs = createVerifiedFetch({ gateways: [noCar, honest] });
    await expect(ipfs.bytes(`${root}/bob.dat`)).rejects.toThrow(PathNotFoundError);
    await expect(ipfs.bytes(root)).rejects.toThrow(WrongContentTypeError);
    await expect(ipfs.json(`${root}/alice.dat`)).rejects.toThrow(WrongContentTypeError);
  });

  it('reports content no gateway has', async () => {
    const other = new MemoryBlockStore();
    const unknown = await addDirectory([{ path: 'x', content: utf8('not served') }], other);
    const ipfs = createVerifiedFetch({ gateways: [honest, noCar] });
    await expect(ipfs.bytes(`${unknown}/x`)).rejects.toThrow(AllGatewaysFailedError);
  });

  it('reads only the start of an endless error answer', async () => {
    const endless = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = Buffer.from('overloaded '.repeat(6000));
      const pump = () => {
        while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    servers.push(endless);
    const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
    const ipfs = createVerifiedFetch({ gateways: [url], timeoutMs: 60_000 });
    await expect(ipfs.bytes(`${root}/alice.dat`)).rejects.toThrow(/answered 500: overloaded/);
  });
});
