import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDirectory,
  addFile,
  CHUNK_SIZE,
  cidOfDirectory,
  collect,
  concatBytes,
  ContentTooLargeError,
  createVerifiedFetch,
  localGatewayStore,
  MemoryBlockStore,
  packBlocks,
  packCarBytes,
  readCar,
  walkDag,
  type CID,
} from '@tem/core/ipfs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from './server.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const CAR_HEADERS = { 'content-type': 'application/vnd.ipld.car' };

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

const big = pseudoRandom(CHUNK_SIZE * 3 + 7, 3);
const siteEntries = () => [
  { path: 'index.html', content: utf8('<!doctype html><title>tem</title>') },
  { path: 'assets/app.js', content: utf8('console.log("tem")') },
  { path: 'data/big.bin', content: big },
  { path: 'data/manifest.json', content: utf8('{"ok":true}') },
];

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tem-gateway-'));
  dirs.push(dir);
  return dir;
}

let gateway: Gateway;
let site: CID;

beforeAll(async () => {
  gateway = await startGateway({ dataDir: dataDir(), maxUploadBytes: 4 * 1024 * 1024 });
  site = await localGatewayStore({ url: gateway.url }).put({
    kind: 'directory',
    entries: siteEntries(),
  });
});

afterAll(async () => {
  await gateway.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('directory round trips', () => {
  it('the upload answers the CID we computed locally', async () => {
    expect(site.equals(await cidOfDirectory(siteEntries()))).toBe(true);
  });

  it('the verified fetch client reads back every file', async () => {
    const ipfs = createVerifiedFetch({ gateways: [gateway.url] });
    expect(same(await ipfs.bytes(`${site}/data/big.bin`), big)).toBe(true);
    expect(await ipfs.json(`${site}/data/manifest.json`)).toEqual({ ok: true });
    expect((await ipfs.directory(site)).map((e) => e.name)).toEqual([
      'assets',
      'data',
      'index.html',
    ]);
  });

  it('listing and resolving fetch only what they need (dag-scope entity and block)', async () => {
    const ipfs = createVerifiedFetch({ gateways: [gateway.url], maxBytes: 64 * 1024 });
    expect((await ipfs.directory(`${site}/data`)).map((e) => e.name)).toEqual([
      'big.bin',
      'manifest.json',
    ]);
    expect((await ipfs.resolve(`${site}/data/big.bin`)).size).toBe(big.length);
    await expect(ipfs.bytes(`${site}/data/big.bin`)).rejects.toThrow(ContentTooLargeError);
  });

  it('CIDv0 content round-trips too', async () => {
    const store = localGatewayStore({ url: gateway.url });
    const v0 = await store.put({ kind: 'directory', entries: siteEntries() }, { cidVersion: 0 });
    expect(v0.version).toBe(0);
    const ipfs = createVerifiedFetch({ gateways: [gateway.url] });
    expect(same(await ipfs.bytes(`${v0}/data/big.bin`), big)).toBe(true);
  });

  it('a single file round-trips', async () => {
    const store = localGatewayStore({ url: gateway.url });
    const cid = await store.put({ kind: 'file', content: big });
    const res = await fetch(`${gateway.url}/ipfs/${cid}`);
    expect(res.headers.get('content-length')).toBe(String(big.length));
    expect(same(new Uint8Array(await res.arrayBuffer()), big)).toBe(true);
    const tiny = await store.put({ kind: 'file', content: utf8('hello world') });
    expect(tiny.toString()).toBe('bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e');
    expect(await (await fetch(`${gateway.url}/ipfs/${tiny}`)).text()).toBe('hello world');
  });
});

describe('GET /ipfs/<cid>/<path> (deserialized)', () => {
  it('serves index.html for a directory, so a built site works', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${site}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>tem</title>');
  });

  it('redirects a directory without its trailing slash', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${site}/data?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/ipfs/${site}/data/?x=1`);
  });

  it('lists a directory without index.html as JSON, or HTML for browsers', async () => {
    const json = await fetch(`${gateway.url}/ipfs/${site}/data/`);
    const body = (await json.json()) as { entries: { name: string; cid: string }[] };
    expect(body.entries.map((e) => e.name)).toEqual(['big.bin', 'manifest.json']);
    const html = await fetch(`${gateway.url}/ipfs/${site}/data/`, {
      headers: { accept: 'text/html' },
    });
    expect(await html.text()).toContain('manifest.json');
  });

  it('serves files with a content type from their extension, and HEAD without a body', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${site}/assets/app.js`);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('etag')).toMatch(/^"baf/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const head = await fetch(`${gateway.url}/ipfs/${site}/data/big.bin`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(big.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${gateway.url}/ipfs/${site}/assets/app.js`);
    await first.arrayBuffer();
    const again = await fetch(`${gateway.url}/ipfs/${site}/assets/app.js`, {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('answers CORS preflight, open to every origin for reads', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${site}/`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(res.headers.get('access-control-allow-methods')).not.toContain('POST');
    const get = await fetch(`${gateway.url}/ipfs/${site}/index.html`, {
      headers: { origin: 'https://anyone.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('trustless responses', () => {
  it('?format=raw and Accept: application/vnd.ipld.raw return the block', async () => {
    const local = new MemoryBlockStore();
    const root = await addDirectory(siteEntries(), local);
    for (const init of [
      { url: `${gateway.url}/ipfs/${root}?format=raw` },
      { url: `${gateway.url}/ipfs/${root}`, headers: { accept: 'application/vnd.ipld.raw' } },
    ]) {
      const res = await fetch(init.url, { headers: init.headers ?? {} });
      expect(res.headers.get('content-type')).toBe('application/vnd.ipld.raw');
      expect(same(new Uint8Array(await res.arrayBuffer()), await local.get(root))).toBe(true);
    }
  });

  it('?format=car returns the verified DAG in depth-first order; Accept works too', async () => {
    const local = new MemoryBlockStore();
    const root = await addDirectory(siteEntries(), local);
    const expected = (await collect(walkDag(root, local))).map((b) => b.cid.toString());
    for (const init of [
      { url: `${gateway.url}/ipfs/${root}?format=car` },
      { url: `${gateway.url}/ipfs/${root}`, headers: { accept: 'application/vnd.ipld.car' } },
    ]) {
      const res = await fetch(init.url, { headers: init.headers ?? {} });
      expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car/);
      const car = await readCar(new Uint8Array(await res.arrayBuffer()));
      expect(car.roots.map(String)).toEqual([root.toString()]);
      expect((await collect(car.blocks)).map((b) => b.cid.toString())).toEqual(expected);
    }
  });

  it('a CAR for a path holds the path blocks, then the entity; dag-scope=block only the path', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${site}/data/manifest.json?format=car`);
    const blocks = await collect((await readCar(new Uint8Array(await res.arrayBuffer()))).blocks);
    expect(blocks).toHaveLength(3);
    const scoped = await fetch(
      `${gateway.url}/ipfs/${site}/data/big.bin?format=car&dag-scope=block`,
    );
    expect(
      await collect((await readCar(new Uint8Array(await scoped.arrayBuffer()))).blocks),
    ).toHaveLength(3);
  });
});

describe('bad requests answer JSON naming the problem', () => {
  async function expectError(res: Response, status: number, pattern: RegExp) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: string; message: string };
    expect(`${body.error}: ${body.message}`).toMatch(pattern);
  }
  const unknown = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';

  it('invalid CID: 400', async () => {
    await expectError(
      await fetch(`${gateway.url}/ipfs/not-a-cid`),
      400,
      /InvalidCidError.*not-a-cid/,
    );
    await expectError(await fetch(`${gateway.url}/ipfs/`), 400, /no CID/);
  });

  it('invalid path: 400', async () => {
    await expectError(await fetch(`${gateway.url}/ipfs/${site}/a%2Fb`), 400, /InvalidPathError/);
    await expectError(await fetch(`${gateway.url}/ipfs/${site}//x`), 400, /InvalidPathError/);
    await expectError(await fetch(`${gateway.url}/ipfs/${site}/a%ZZ`), 400, /InvalidPathError/);
  });

  it('unknown CID and unknown path: 404', async () => {
    await expectError(await fetch(`${gateway.url}/ipfs/${unknown}`), 404, new RegExp(unknown));
    await expectError(await fetch(`${gateway.url}/ipfs/${unknown}?format=raw`), 404, /not found/);
    await expectError(await fetch(`${gateway.url}/ipfs/${unknown}?format=car`), 404, /not found/);
    await expectError(
      await fetch(`${gateway.url}/ipfs/${site}/nope.txt`),
      404,
      /PathNotFoundError.*nope\.txt/,
    );
    await expectError(await fetch(`${gateway.url}/elsewhere`), 404, /no route/);
  });

  it('unsupported format or dag-scope: 400', async () => {
    await expectError(await fetch(`${gateway.url}/ipfs/${site}?format=tar`), 400, /format 'tar'/);
    await expectError(
      await fetch(`${gateway.url}/ipfs/${site}?format=car&dag-scope=x`),
      400,
      /dag-scope/,
    );
  });

  it('wrong method: 405 with Allow', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${site}`, { method: 'DELETE' });
    expect(res.headers.get('allow')).toContain('GET');
    await expectError(res, 405, /DELETE/);
    await expectError(await fetch(`${gateway.url}/upload`), 405, /GET not allowed/);
  });

  it('oversized upload: 413, declared or streamed', async () => {
    const local = new MemoryBlockStore();
    const root = await addFile(pseudoRandom(5 * 1024 * 1024, 9), local);
    const car = await packCarBytes(root, local);
    await expectError(
      await fetch(`${gateway.url}/upload`, {
        method: 'POST',
        headers: CAR_HEADERS,
        body: car as Uint8Array<ArrayBuffer>,
      }),
      413,
      /limit/,
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < car.length; i += 65536) controller.enqueue(car.subarray(i, i + 65536));
        controller.close();
      },
    });
    const res = await fetch(`${gateway.url}/upload`, {
      method: 'POST',
      headers: CAR_HEADERS,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, /limit/);
  });

  it('tampered, malformed, multi-root and incomplete CARs: 400, nothing stored', async () => {
    const before = await gateway.store.count();
    const local = new MemoryBlockStore();
    const root = await addFile(pseudoRandom(CHUNK_SIZE * 2, 5), local);
    const car = await packCarBytes(root, local);
    const tampered = car.slice();
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 1;
    const post = (body: Uint8Array) =>
      fetch(`${gateway.url}/upload`, {
        method: 'POST',
        headers: CAR_HEADERS,
        body: body as Uint8Array<ArrayBuffer>,
      });
    await expectError(await post(tampered), 400, /BlockVerificationError/);
    await expectError(await post(utf8('not a car')), 400, /CarFormatError/);
    const blocks = await collect(walkDag(root, local));
    const twoRoots = concatBytes(await collect(packBlocks([root, blocks[1]!.cid], blocks)));
    await expectError(await post(twoRoots), 400, /exactly one root/);
    const incomplete = concatBytes(await collect(packBlocks([root], blocks.slice(0, 2))));
    await expectError(await post(incomplete), 400, /incomplete DAG/);
    expect(await gateway.store.count()).toBe(before);
  });
});

describe('robustness', () => {
  it('never answers 5xx to arbitrary paths and formats', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'index.html',
        'data',
        'big.bin',
        '..',
        '.',
        '',
        '%',
        '%2F',
        '%00',
        'a b',
        'ü',
      ),
      fc.string({ maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(site.toString()), fc.string({ maxLength: 70 })),
        fc.array(segment, { maxLength: 4 }),
        fc.constantFrom(
          '',
          '?format=raw',
          '?format=car',
          '?format=car&dag-scope=entity',
          '?format=x',
        ),
        async (first, rest, query) => {
          const path = [first, ...rest]
            .map((s) => encodeURIComponent(s).replace(/%25/g, '%'))
            .join('/');
          const res = await fetch(`${gateway.url}/ipfs/${path}${query}`, { redirect: 'manual' });
          await res.arrayBuffer();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('persistence', () => {
  it('serves what it stored after a restart, and clears half-written temp files', async () => {
    const dir = dataDir();
    const first = await startGateway({ dataDir: dir });
    const cid = await localGatewayStore({ url: first.url }).put({
      kind: 'directory',
      entries: siteEntries(),
    });
    await first.close();
    writeFileSync(join(dir, 'tmp', 'crashed-write.part'), 'half a block');

    const second = await startGateway({ dataDir: dir });
    try {
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      const ipfs = createVerifiedFetch({ gateways: [second.url] });
      expect(same(await ipfs.bytes(`${cid}/data/big.bin`), big)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
