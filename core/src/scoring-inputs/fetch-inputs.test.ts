import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDirectory, addFile } from '../ipfs/add.js';
import { MemoryBlockStore } from '../ipfs/block-store.js';
import { parseCid } from '../ipfs/cid.js';
import { ContentTooLargeError } from '../ipfs/errors.js';
import { pseudoRandomBytes, utf8 } from '../ipfs/test-support/bytes.js';
import { createVerifiedFetch, type VerifiedFetch } from '../ipfs/verified-fetch.js';
import type { AnyTaskSpec } from '../kinds/registry.js';
import { defaultTaskSpec } from '../task/defaults.js';
import type { BundleSource } from './bundle-source.js';
import { BundleTooLargeError, MissingBundleFileError, ScoringInputFetchError } from './errors.js';
import { fetchScoringInputs } from './fetch-inputs.js';
import { fetchTaskSpec } from './fetch-spec.js';
import { MAX_BUNDLE_BYTES, MAX_SPEC_BYTES, bundleLimit } from './limits.js';

/** A trustless gateway that serves the blocks of `store` one by one (`?format=raw`), no CARs. */
async function blockGateway(store: MemoryBlockStore): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      try {
        if (url.searchParams.get('format') !== 'raw') throw new Error('only raw blocks');
        const bytes = await store.get(parseCid(url.pathname.slice('/ipfs/'.length)));
        res.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' }).end(bytes);
      } catch {
        res.writeHead(404).end('not here');
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

const ALICE = pseudoRandomBytes(100_000, 1);
const BOB = pseudoRandomBytes(100_000, 2);
const MANIFEST = utf8('{"taskId":"1","specCid":"bafy"}');

let store: MemoryBlockStore;
let server: Server;
let ipfs: VerifiedFetch;
let spec: AnyTaskSpec;
let full: string;
let withoutBob: string;
let testFileCid: string;

function cipherSpec(maxBundleBytes: number, testFiles: { name: string; cid: string }[] = []) {
  const s = defaultTaskSpec({
    verifierUrl: 'http://127.0.0.1:1/verify',
    verifierAddress: `0x${'11'.repeat(20)}`,
  });
  s.scoring.maxBundleBytes = maxBundleBytes;
  s.scoring.testFiles = testFiles.map((f) => ({ ...f, format: 'binary' as const }));
  return s;
}

beforeAll(async () => {
  store = new MemoryBlockStore();
  const entries = [
    { path: 'manifest.json', content: MANIFEST },
    { path: 'alice.dat', content: ALICE },
    { path: 'bob.dat', content: BOB },
    // Not scored: never fetched, never counted.
    { path: 'training.json', content: pseudoRandomBytes(200_000, 3) },
  ];
  full = (await addDirectory(entries, store)).toString();
  withoutBob = (
    await addDirectory(
      entries.filter((e) => e.path !== 'bob.dat'),
      store,
    )
  ).toString();
  testFileCid = (await addFile(pseudoRandomBytes(5_000, 4), store)).toString();
  server = await blockGateway(store);
  ipfs = createVerifiedFetch({
    gateways: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`],
  });
  spec = cipherSpec(1 << 20, [{ name: 'plain.bin', cid: testFileCid }]);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('bundleLimit', () => {
  it("is the spec's maxBundleBytes, capped by MAX_BUNDLE_BYTES and a deployment's lower cap", () => {
    expect(bundleLimit(cipherSpec(1000))).toBe(1000);
    expect(bundleLimit(cipherSpec(1 << 30))).toBe(MAX_BUNDLE_BYTES);
    expect(bundleLimit(cipherSpec(1 << 30), 4096)).toBe(4096);
    expect(bundleLimit(cipherSpec(1 << 30), 1 << 30)).toBe(MAX_BUNDLE_BYTES);
  });
});

describe('fetchScoringInputs', () => {
  it("reads the manifest, the kind's scored files and the spec's test files, and nothing else", async () => {
    const inputs = await fetchScoringInputs(ipfs, { spec, bundle: full });
    expect(inputs.kind.id).toBe('bisuna-cipher');
    expect([...inputs.files.keys()].sort()).toEqual(['alice.dat', 'bob.dat', 'manifest.json']);
    expect(Buffer.from(inputs.files.get('alice.dat')!).equals(ALICE)).toBe(true);
    expect([...inputs.testFiles.keys()]).toEqual(['plain.bin']);
    expect(inputs.testFiles.get('plain.bin')?.byteLength).toBe(5_000);
  });

  it('refuses a bundle without a required file, naming it and the files the kind requires', async () => {
    const error = await fetchScoringInputs(ipfs, { spec, bundle: withoutBob }).catch((e) => e);
    expect(error).toBeInstanceOf(MissingBundleFileError);
    expect(error).toMatchObject({
      file: 'bob.dat',
      kind: 'bisuna-cipher',
      required: ['manifest.json', 'alice.dat', 'bob.dat'],
    });
  });

  it('refuses files that fit the limit one by one but not together, before downloading them', async () => {
    // Each .dat holds 100,000 bytes; the listing declares over 200,000 for the three.
    const small = cipherSpec(120_000);
    const error = await fetchScoringInputs(ipfs, { spec: small, bundle: full }).catch((e) => e);
    expect(error).toBeInstanceOf(BundleTooLargeError);
    expect(error.limit).toBe(120_000);
    expect(error.size).toBeGreaterThan(200_000);
  });

  it('refuses a bundle whose bytes exceed the limit though its listing declares less', async () => {
    // A source whose listing under-declares: the bytes read are what counts.
    const lying: BundleSource = {
      where: 'lying',
      list: async () => [
        { name: 'manifest.json', size: 1 },
        { name: 'alice.dat', size: 1 },
        { name: 'bob.dat', size: 1 },
      ],
      read: async (name, maxBytes) => {
        const bytes = { 'manifest.json': MANIFEST, 'alice.dat': ALICE, 'bob.dat': BOB }[name]!;
        if (bytes.byteLength > maxBytes) throw new ContentTooLargeError(maxBytes);
        return bytes;
      },
    };
    const error = await fetchScoringInputs(ipfs, {
      spec: cipherSpec(150_000),
      bundle: lying,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BundleTooLargeError);
    expect(error).toMatchObject({ limit: 150_000, size: undefined });
  });

  it("applies a deployment's cap under the spec's limit", async () => {
    const error = await fetchScoringInputs(ipfs, {
      spec,
      bundle: full,
      maxBundleBytes: 4096,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BundleTooLargeError);
    expect(error.limit).toBe(4096);
  });

  it('runs the caller’s check on the bundle before fetching the test files', async () => {
    const missing = cipherSpec(1 << 20, [
      { name: 'gone.bin', cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' },
    ]);
    const refused = new Error('not this task');
    const error = await fetchScoringInputs(ipfs, {
      spec: missing,
      bundle: full,
      checkBundle: (files) => {
        expect(files.has('manifest.json')).toBe(true);
        throw refused;
      },
    }).catch((e) => e);
    expect(error).toBe(refused);
  });

  it('names the test file it could not fetch, with the IPFS error as its cause', async () => {
    const cid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    const missing = cipherSpec(1 << 20, [{ name: 'gone.bin', cid }]);
    const error = await fetchScoringInputs(ipfs, {
      spec: missing,
      bundle: full,
      timeoutMs: 5_000,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ScoringInputFetchError);
    expect(error).toMatchObject({ part: 'test-file', path: cid, file: 'gone.bin' });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('names the bundle when no gateway can list it', async () => {
    const closed = createVerifiedFetch({ gateways: ['http://127.0.0.1:9'] });
    const error = await fetchScoringInputs(closed, { spec, bundle: full }).catch((e) => e);
    expect(error).toBeInstanceOf(ScoringInputFetchError);
    expect(error).toMatchObject({ part: 'bundle', path: full, file: undefined });
  });
});

describe('fetchTaskSpec', () => {
  it('reads and validates a spec by CID', async () => {
    const cid = await addFile(utf8(JSON.stringify(spec)), store);
    expect(await fetchTaskSpec(ipfs, cid.toString())).toEqual(spec);
  });

  it('refuses a spec over MAX_SPEC_BYTES', async () => {
    const cid = await addFile(pseudoRandomBytes(MAX_SPEC_BYTES + 1, 5), store);
    await expect(fetchTaskSpec(ipfs, cid.toString())).rejects.toBeInstanceOf(ContentTooLargeError);
  });
});
