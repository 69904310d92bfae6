import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockKey, cidOfBytes, localGatewayStore } from '@tem/core/ipfs';
import { base58btc } from 'multiformats/bases/base58';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { identity } from 'multiformats/hashes/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from './server.js';

let dir: string;
let gateway: Gateway;
const logged: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tem-gateway-hostile-'));
  gateway = await startGateway({ dataDir: dir, log: (line) => logged.push(line) });
});
afterAll(async () => {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('identity CIDs are served from the CID itself, as Kubo does', () => {
  it.each([12, 128])('a %i-byte inline block, as a file, a raw block and a CAR', async (size) => {
    const data = new Uint8Array(size).map((_, i) => 97 + (i % 26));
    // base58btc keeps a long CID short enough to parse, while its store key would be too long a file name.
    const cid = CID.createV1(0x55, identity.digest(data)).toString(base58btc);
    const file = await fetch(`${gateway.url}/ipfs/${cid}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(data);
    const raw = await fetch(`${gateway.url}/ipfs/${cid}?format=raw`);
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(data);
    const car = await fetch(`${gateway.url}/ipfs/${cid}?format=car`);
    expect(car.status).toBe(200);
    expect(logged).toEqual([]);
  });

  it('refuses an identity digest over 128 bytes (400), as Kubo does', async () => {
    const cid = CID.createV1(0x55, identity.digest(new Uint8Array(180).fill(98)));
    const res = await fetch(`${gateway.url}/ipfs/${cid.toString(base58btc)}`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('identity digest of 180 bytes (at most 128)');
  });
});

describe('the gateway never answers 500 with internal detail', () => {
  it('a CID with an over-long digest is unknown (404), not a file system error', async () => {
    const cid = CID.createV1(0x55, Digest.create(0x12, new Uint8Array(170).fill(1)));
    const res = await fetch(`${gateway.url}/ipfs/${cid.toString(base58btc)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(dir);
  });

  it('a file system failure is a 500 with a generic message; the details go to its log', async () => {
    const bytes = new TextEncoder().encode('soon unreadable');
    const cid = await localGatewayStore({ url: gateway.url }).put({ kind: 'file', content: bytes });
    expect((await cidOfBytes(bytes)).equals(cid)).toBe(true);
    const key = blockKey(cid);
    const file = join(dir, 'blocks', key.slice(-3, -1), `${key}.data`);
    rmSync(file);
    mkdirSync(file); // reading it now fails with EISDIR
    for (const query of ['', '?format=raw']) {
      const res = await fetch(`${gateway.url}/ipfs/${cid}${query}`);
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({
        error: 'InternalError',
        message: 'the gateway failed to answer this request; its log has the details',
      });
      expect(body).not.toContain(dir);
      expect(body).not.toContain('EISDIR');
    }
    expect(logged.join('\n')).toContain(`GET /ipfs/${cid}?format=raw: Error: EISDIR`);
  });
});
