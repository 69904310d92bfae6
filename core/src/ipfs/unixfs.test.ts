import { importer } from 'ipfs-unixfs-importer';
import { describe, expect, it } from 'vitest';
import { addDirectory, addFile, CHUNK_SIZE } from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { collect, concatBytes } from './car.js';
import {
  InvalidPathError,
  PathNotFoundError,
  WrongContentTypeError,
  BlockNotFoundError,
} from './errors.js';
import { pseudoRandomBytes, sameBytes, utf8 } from './test-support/bytes.js';
import { listDirectory, readFile, resolvePath } from './unixfs.js';

const big = pseudoRandomBytes(CHUNK_SIZE * 2 + 5, 9);

async function site(cidVersion: 0 | 1 = 1) {
  const store = new MemoryBlockStore();
  const root = await addDirectory(
    [
      { path: 'index.html', content: utf8('<h1>hi</h1>') },
      { path: 'assets/app.js', content: utf8('console.log(1)') },
      { path: 'assets/big.bin', content: big },
      { path: 'a b/ü.txt', content: utf8('unicode') },
    ],
    store,
    { cidVersion },
  );
  return { store, root };
}

describe('UnixFS walker', () => {
  it.each([0, 1] as const)('reads files by path (CIDv%d)', async (version) => {
    const { store, root } = await site(version);
    const text = concatBytes(await collect(readFile(`${root}/index.html`, store)));
    expect(new TextDecoder().decode(text)).toBe('<h1>hi</h1>');
    expect(
      sameBytes(concatBytes(await collect(readFile(`${root}/assets/big.bin`, store))), big),
    ).toBe(true);
    expect(concatBytes(await collect(readFile(`/ipfs/${root}/a%20b/%C3%BC.txt`, store)))).toEqual(
      utf8('unicode'),
    );
  });

  it('lists directories sorted, with link sizes', async () => {
    const { store, root } = await site();
    const entries = await listDirectory(root, store);
    expect(entries.map((e) => e.name)).toEqual(['a b', 'assets', 'index.html']);
    const assets = await listDirectory(`${root}/assets/`, store);
    expect(assets.map((e) => e.name)).toEqual(['app.js', 'big.bin']);
    expect(assets[1]!.size).toBeGreaterThan(big.length);
  });

  it('resolves a path to its entry and the CIDs along the way', async () => {
    const { store, root } = await site();
    const entry = await resolvePath(`${root}/assets/big.bin`, store);
    expect(entry.type).toBe('file');
    expect(entry.size).toBe(big.length);
    expect(entry.path).toHaveLength(3);
    expect(entry.path[0]!.equals(root)).toBe(true);
    expect((await resolvePath(root, store)).type).toBe('directory');
  });

  it('reads a bare file CID', async () => {
    const store = new MemoryBlockStore();
    const cid = await addFile(big, store);
    expect(sameBytes(concatBytes(await collect(readFile(cid, store))), big)).toBe(true);
  });

  it('names what went wrong', async () => {
    const { store, root } = await site();
    await expect(resolvePath(`${root}/nope`, store)).rejects.toThrow(PathNotFoundError);
    await expect(resolvePath(`${root}/index.html/deeper`, store)).rejects.toThrow(
      PathNotFoundError,
    );
    await expect(collect(readFile(`${root}/assets`, store))).rejects.toThrow(WrongContentTypeError);
    await expect(listDirectory(`${root}/index.html`, store)).rejects.toThrow(WrongContentTypeError);
    await expect(resolvePath(`${root}/../etc`, store)).rejects.toThrow(InvalidPathError);
    await expect(resolvePath(`${root}/assets/big.bin`, new MemoryBlockStore())).rejects.toThrow(
      BlockNotFoundError,
    );
  });
});

describe('UnixFS walker over HAMT-sharded directories (built elsewhere)', () => {
  it('lists and reads through a sharded directory', async () => {
    const store = new MemoryBlockStore();
    const files = Array.from({ length: 40 }, (_, i) => ({
      path: `f${i}.txt`,
      content: utf8(`file ${i}`),
    }));
    let root;
    for await (const entry of importer(
      files,
      { put: async (cid, bytes) => (await store.put(cid, bytes as Uint8Array), cid) },
      {
        wrapWithDirectory: true,
        shardSplitThresholdBytes: 100,
      },
    )) {
      root = entry;
    }
    expect(root?.unixfs?.type).toBe('hamt-sharded-directory');
    const entries = await listDirectory(root!.cid, store);
    expect(entries).toHaveLength(40);
    expect(entries[0]!.name).toBe('f0.txt');
    const text = new TextDecoder().decode(
      concatBytes(await collect(readFile(`${root!.cid}/f17.txt`, store))),
    );
    expect(text).toBe('file 17');
  });
});
