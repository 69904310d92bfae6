import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dagPb from '@ipld/dag-pb';
import {
  addFile,
  CAR_CONTENT_TYPE,
  collect,
  concatBytes,
  localGatewayStore,
  MemoryBlockStore,
  packBlocks,
  packCarBytes,
  type Block,
} from '@tem/core/ipfs';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from './server.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tem-gateway-upload-'));
  dirs.push(dir);
  return dir;
}

let gateway: Gateway;
let car: Uint8Array;
beforeAll(async () => {
  gateway = await startGateway({ dataDir: dataDir() });
  const local = new MemoryBlockStore();
  const root = await addFile(new TextEncoder().encode('hello upload'), local);
  car = await packCarBytes(root, local);
});
afterAll(async () => {
  await gateway.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function post(body: Uint8Array, headers: Record<string, string> = {}, url = gateway.url) {
  return fetch(`${url}/upload`, {
    method: 'POST',
    headers: { 'content-type': CAR_CONTENT_TYPE, ...headers },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

describe('POST /upload is not open to every web page', () => {
  it('requires the CAR content type (415 otherwise), so a cross-origin write always asks first', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const res = await post(car, { 'content-type': type });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({
        error: 'UnsupportedMediaType',
        message: expect.stringContaining(`Content-Type: ${CAR_CONTENT_TYPE}, not ${type}`),
      });
    }
    const none = await fetch(`${gateway.url}/upload`, { method: 'POST', body: car as never });
    expect(none.status).toBe(415);
  });

  it('refuses a page from another origin (403), and grants no CORS to it', async () => {
    const before = await gateway.store.count();
    const res = await post(car, { origin: 'https://attacker.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await res.json()).message).toContain('not from origin https://attacker.example');
    const preflight = await fetch(`${gateway.url}/upload`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://attacker.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(await gateway.store.count()).toBe(before);
  });

  it('takes uploads from pages on this machine, granting CORS to that origin by name', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost:8888', 'http://[::1]:3000']) {
      const preflight = await fetch(`${gateway.url}/upload`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
      const res = await post(car, { origin });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toBe('Origin');
    }
  });

  it('answers programs (no Origin) without any CORS header on writes', async () => {
    const res = await post(car);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("keeps working for the stack's own client", async () => {
    const cid = await localGatewayStore({ url: gateway.url }).put({
      kind: 'file',
      content: new TextEncoder().encode('through the local store'),
    });
    const res = await fetch(`${gateway.url}/ipfs/${cid}`);
    expect(await res.text()).toBe('through the local store');
  });
});

describe('POST /upload refuses files that lie about their size', () => {
  async function block(bytes: Uint8Array, code: number): Promise<Block> {
    return { cid: CID.createV1(code, await sha256.digest(bytes)), bytes };
  }

  it('a root declaring 10^15 bytes: 400 naming it, nothing stored, and nothing to GET', async () => {
    const leaf = await block(new Uint8Array(1000).fill(7), 0x55);
    const lying = new UnixFS({ type: 'file', blockSizes: [10n ** 15n] }).marshal();
    const root = await block(
      dagPb.encode(dagPb.prepare({ Data: lying, Links: [{ Hash: leaf.cid, Tsize: 1000 }] })),
      dagPb.code,
    );
    const before = await gateway.store.count();
    const res = await post(concatBytes(await collect(packBlocks([root.cid], [root, leaf]))));
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain(
      `declares 1000000000000000 bytes but its blocks hold 1000`,
    );
    expect(await gateway.store.count()).toBe(before);
    const head = await fetch(`${gateway.url}/ipfs/${root.cid}`, { method: 'HEAD' });
    expect(head.status).toBe(404);
  });
});

describe('POST /upload takes a bounded number at once', () => {
  it('answers 503 with Retry-After while the most it takes are running, and takes the next after', async () => {
    const small = await startGateway({ dataDir: dataDir(), maxConcurrentUploads: 1 });
    try {
      const url = new URL(`${small.url}/upload`);
      // An upload whose body is still coming: the gateway has begun it once it answers 100 Continue.
      const first = request(url, {
        method: 'POST',
        headers: { 'content-type': CAR_CONTENT_TYPE, expect: '100-continue' },
      });
      const answered = new Promise<number>((resolve, reject) => {
        first.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        first.on('error', reject);
      });
      await new Promise<void>((resolve) => first.once('continue', () => resolve()));

      const busy = await post(car, {}, small.url);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect((await busy.json()).message).toContain('1 uploads are in progress');

      first.end(car);
      expect(await answered).toBe(200);
      expect((await post(car, {}, small.url)).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
