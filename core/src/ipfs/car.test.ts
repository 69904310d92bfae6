import { varint } from 'multiformats';
import { describe, expect, it } from 'vitest';
import { addDirectory, addFile, CHUNK_SIZE } from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { collect, concatBytes, packBlocks, packCar, packCarBytes, readCar } from './car.js';
import { walkDag } from './dag.js';
import { BlockVerificationError, CarFormatError, ContentTooLargeError } from './errors.js';
import { pseudoRandomBytes, sameBytes, utf8 } from './test-support/bytes.js';

async function sampleDag() {
  const store = new MemoryBlockStore();
  const root = await addDirectory(
    [
      { path: 'big.bin', content: pseudoRandomBytes(CHUNK_SIZE * 3 + 99, 5) },
      { path: 'docs/readme.md', content: utf8('# hi\n') },
    ],
    store,
  );
  return { store, root };
}

describe('CAR pack and read', () => {
  it('round-trips a DAG: same root, every block back, each verified', async () => {
    const { store, root } = await sampleDag();
    const car = await packCarBytes(root, store);
    const { roots, blocks } = await readCar(car);
    expect(roots.map(String)).toEqual([root.toString()]);
    const read = await collect(blocks);
    const walked = await collect(walkDag(root, store));
    expect(read.map((b) => b.cid.toString())).toEqual(walked.map((b) => b.cid.toString()));
    expect(read).toHaveLength(store.size);
  });

  it('reads from a stream of small chunks', async () => {
    const { store, root } = await sampleDag();
    const car = await packCarBytes(root, store);
    async function* trickle() {
      for (let i = 0; i < car.length; i += 1000) yield car.subarray(i, i + 1000);
    }
    const { blocks } = await readCar(trickle());
    expect(await collect(blocks)).toHaveLength(store.size);
  });

  it('streams the same bytes packCarBytes returns', async () => {
    const { store, root } = await sampleDag();
    expect(
      sameBytes(concatBytes(await collect(packCar(root, store))), await packCarBytes(root, store)),
    ).toBe(true);
  });

  it('rejects a block whose bytes were altered', async () => {
    const store = new MemoryBlockStore();
    const root = await addFile(utf8('the original text'), store);
    const car = await packCarBytes(root, store);
    car[car.length - 3] = car[car.length - 3]! ^ 0x01;
    const { blocks } = await readCar(car);
    await expect(collect(blocks)).rejects.toThrow(BlockVerificationError);
  });

  it('rejects a block listed under a different CID', async () => {
    const store = new MemoryBlockStore();
    const a = await addFile(utf8('a'), store);
    const b = await addFile(utf8('b'), store);
    const car = concatBytes(
      await collect(packBlocks([a], [{ cid: a, bytes: await store.get(b) }])),
    );
    await expect(collect((await readCar(car)).blocks)).rejects.toThrow(BlockVerificationError);
  });

  it('rejects truncated and garbage input with CarFormatError', async () => {
    const { store, root } = await sampleDag();
    const car = await packCarBytes(root, store);
    await expect(readCar(new Uint8Array([1, 2, 3, 4, 5]))).rejects.toThrow(CarFormatError);
    await expect(readCar(new Uint8Array(0))).rejects.toThrow(CarFormatError);
    const truncated = car.subarray(0, car.length - 100);
    await expect(collect((await readCar(truncated)).blocks)).rejects.toThrow(CarFormatError);
  });

  it('enforces maxBytes while reading', async () => {
    const { store, root } = await sampleDag();
    const car = await packCarBytes(root, store);
    await expect(
      (async () => collect((await readCar([car], { maxBytes: 1000 })).blocks))(),
    ).rejects.toThrow(ContentTooLargeError);
  });

  it('refuses a section or header declaring more than a block can hold, before buffering it', async () => {
    const header = concatBytes(await collect(packBlocks([], [])));
    let pulled = 0;
    async function* hostile(prefix: Uint8Array) {
      yield prefix;
      const chunk = new Uint8Array(64 * 1024);
      // Up to 1 GiB more if the reader kept pulling.
      for (let i = 0; i < 16 * 1024; i++) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    const gib = varint.encodeTo(2 ** 30, new Uint8Array(varint.encodingLength(2 ** 30)));
    const car = await readCar(hostile(concatBytes([header, gib])));
    await expect(collect(car.blocks)).rejects.toThrow(
      /invalid CAR: a section of 1073741824 bytes \(at most \d+\)/,
    );
    expect(pulled).toBeLessThan(1024 * 1024);

    pulled = 0;
    await expect(readCar(hostile(gib))).rejects.toThrow(/a header of 1073741824 bytes/);
    expect(pulled).toBeLessThan(1024 * 1024);
  });
});
