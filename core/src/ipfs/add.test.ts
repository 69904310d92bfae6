import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dagPb from '@ipld/dag-pb';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addFile,
  cidOfBytes,
  cidOfDirectory,
  cidOfFile,
  CHUNK_SIZE,
  MAX_LINKS_PER_NODE,
} from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { RAW } from './cid.js';
import { DirectoryTooLargeError, InvalidDirectoryError } from './errors.js';
import { pseudoRandomBytes, utf8 } from './test-support/bytes.js';

// Published vectors: Kubo's own tests (test/sharness/t0040-add-and-cat.sh, test/cli/cid_profiles_test.go)
// and the empty file/directory constants every IPFS implementation agrees on.
const VECTORS = {
  emptyV0: 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH',
  emptyV1: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
  helloWorldV0: 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD',
  helloWorldV1: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
  helloWorldNewlineV0: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o',
  emptyDirV0: 'QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn',
  emptyDirV1: 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354',
  planetsV0: 'QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY',
  planetsV1: 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi',
  marsV0: 'QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN',
  marsV1: 'bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4',
  moonsV0: 'QmVKvomp91nMih5j6hYBA8KjbiaYvEetU2Q7KvtZkLe9nQ',
};

const planets = () => [
  { path: 'venus.txt', content: utf8('Hello Venus!\n') },
  { path: 'mars.txt', content: utf8('Hello Mars!\n') },
];

describe('CIDs of files match published vectors', () => {
  it.each([
    ['', VECTORS.emptyV0, VECTORS.emptyV1],
    ['hello world', VECTORS.helloWorldV0, VECTORS.helloWorldV1],
    ['Hello Mars!\n', VECTORS.marsV0, VECTORS.marsV1],
  ])('%j', async (text, v0, v1) => {
    expect((await cidOfBytes(utf8(text), { cidVersion: 0 })).toString()).toBe(v0);
    expect((await cidOfBytes(utf8(text))).toString()).toBe(v1);
  });

  it('"hello world\\n" as `echo hello world | ipfs add` prints it', async () => {
    expect((await cidOfBytes(utf8('hello world\n'), { cidVersion: 0 })).toString()).toBe(
      VECTORS.helloWorldNewlineV0,
    );
  });

  it('a single-chunk CIDv1 file is the raw block itself', async () => {
    const bytes = pseudoRandomBytes(CHUNK_SIZE, 7);
    const cid = await cidOfBytes(bytes);
    expect(cid.code).toBe(RAW);
    expect(cid.equals(CID.createV1(RAW, await sha256.digest(bytes)))).toBe(true);
  });

  it('streams give the same CID as whole buffers, whatever the chunking', async () => {
    const bytes = pseudoRandomBytes(CHUNK_SIZE * 2 + 12345, 3);
    const pieces = [
      bytes.subarray(0, 1000),
      bytes.subarray(1000, 300_000),
      bytes.subarray(300_000),
    ];
    async function* stream() {
      yield* pieces;
    }
    const whole = await cidOfBytes(bytes);
    expect((await cidOfFile(stream())).equals(whole)).toBe(true);
    expect((await cidOfFile(new Blob([bytes as Uint8Array<ArrayBuffer>]))).equals(whole)).toBe(
      true,
    );
  });

  it('builds a balanced DAG: 174 links per node, a second layer beyond', async () => {
    const store = new MemoryBlockStore();
    const bytes = pseudoRandomBytes(CHUNK_SIZE * (MAX_LINKS_PER_NODE + 1), 11);
    const root = await addFile(bytes, store);
    const top = dagPb.decode(await store.get(root));
    expect(top.Links).toHaveLength(2);
    const first = dagPb.decode(await store.get(top.Links[0]!.Hash));
    expect(first.Links).toHaveLength(MAX_LINKS_PER_NODE);
    expect(first.Links.every((l) => l.Hash.code === RAW)).toBe(true);
  });
});

describe('CIDs of directories match `ipfs add -r`', () => {
  it('planets (Kubo t0040), v0 and --cid-version 1', async () => {
    expect((await cidOfDirectory(planets(), { cidVersion: 0 })).toString()).toBe(VECTORS.planetsV0);
    expect((await cidOfDirectory(planets())).toString()).toBe(VECTORS.planetsV1);
  });

  it('nested moons (Kubo t0040)', async () => {
    const moons = [
      { path: 'jupiter/europa.txt', content: utf8('Hello Europa!\n') },
      { path: 'saturn/titan.txt', content: utf8('Hello Titan!\n') },
      { path: 'mercury.txt', content: utf8('hey youre no moon!\n') },
    ];
    expect((await cidOfDirectory(moons, { cidVersion: 0 })).toString()).toBe(VECTORS.moonsV0);
  });

  it('the empty directory', async () => {
    expect((await cidOfDirectory([], { cidVersion: 0 })).toString()).toBe(VECTORS.emptyDirV0);
    expect((await cidOfDirectory([])).toString()).toBe(VECTORS.emptyDirV1);
  });

  it('an empty subdirectory is kept (like `ipfs add -r`)', async () => {
    const withEmpty = await cidOfDirectory([...planets(), { path: 'moons' }], { cidVersion: 0 });
    expect(withEmpty.toString()).not.toBe(VECTORS.planetsV0);
  });

  it('refuses duplicate and escaping paths', async () => {
    await expect(
      cidOfDirectory([...planets(), { path: 'mars.txt', content: utf8('x') }]),
    ).rejects.toThrow(InvalidDirectoryError);
    await expect(cidOfDirectory([{ path: '../x', content: utf8('x') }])).rejects.toThrow(
      InvalidDirectoryError,
    );
    await expect(cidOfDirectory([{ path: 'a//b', content: utf8('x') }])).rejects.toThrow(
      InvalidDirectoryError,
    );
  });

  it('refuses directories Kubo would shard (HAMT) with a clear error', async () => {
    const entries = Array.from({ length: 4100 }, (_, i) => ({
      path: `file-with-a-rather-long-name-${String(i).padStart(5, '0')}.txt`,
      content: new Uint8Array(0),
    }));
    await expect(cidOfDirectory(entries)).rejects.toThrow(DirectoryTooLargeError);
  });
});

const hasIpfsCid = existsSync('/usr/bin/ipfs_cid');

describe.skipIf(!hasIpfsCid)(
  "CIDv0 agrees with Debian's ipfs_cid (an independent implementation)",
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'tem-ipfs-cid-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ['empty', 0],
      ['1 byte', 1],
      ['256 KiB exactly', CHUNK_SIZE],
      ['256 KiB + 1', CHUNK_SIZE + 1],
      ['3 MiB + 17', 3 * 1024 * 1024 + 17],
      ['175 chunks (second layer)', CHUNK_SIZE * (MAX_LINKS_PER_NODE + 1) + 5],
    ])('%s', async (label, size) => {
      const bytes = pseudoRandomBytes(size, size + 1);
      const file = join(dir, `${label.replace(/\W+/g, '-')}.bin`);
      writeFileSync(file, bytes);
      const output = execFileSync('/usr/bin/ipfs_cid', [file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const expected = (JSON.parse(output) as { CIDv0: string }).CIDv0;
      expect((await cidOfBytes(bytes, { cidVersion: 0 })).toString()).toBe(expected);
    });
  },
);
