import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { addFile, CHUNK_SIZE } from './add.js';
import { MemoryBlockStore } from './block-store.js';
import { collect } from './car.js';
import { RAW } from './cid.js';
import { walkDag, type Block } from './dag.js';
import { InconsistentFileSizeError } from './errors.js';
import { pseudoRandomBytes } from './test-support/bytes.js';
import { FileSizeChecker } from './unixfs-sizes.js';

async function rawLeaf(bytes: Uint8Array): Promise<Block> {
  return { cid: CID.createV1(RAW, await sha256.digest(bytes)), bytes };
}

/** A dag-pb file node over `leaves`, its `blocksizes` as given, and a raw `filesize` field if set. */
async function fileNode(leaves: Block[], blockSizes: bigint[], filesize?: bigint): Promise<Block> {
  let data = new UnixFS({ type: 'file', blockSizes }).marshal();
  if (filesize !== undefined) {
    // ipfs-unixfs writes filesize from blocksizes; append field 3 again, as a lying encoder would.
    const extra: number[] = [0x18];
    for (let v = filesize; ; v >>= 7n) {
      if (v < 0x80n) {
        extra.push(Number(v));
        break;
      }
      extra.push(Number(v & 0x7fn) | 0x80);
    }
    data = new Uint8Array([...data, ...extra]);
  }
  const bytes = dagPb.encode(
    dagPb.prepare({
      Data: data,
      Links: leaves.map((l) => ({ Hash: l.cid, Tsize: l.bytes.length })),
    }),
  );
  return { cid: CID.createV1(dagPb.code, await sha256.digest(bytes)), bytes };
}

function checkAll(blocks: Block[]) {
  const sizes = new FileSizeChecker();
  for (const block of blocks) sizes.check(block);
}

describe('FileSizeChecker', () => {
  it.each([0, 1] as const)('passes every file the importer builds (CIDv%i)', async (cidVersion) => {
    const store = new MemoryBlockStore();
    const root = await addFile(pseudoRandomBytes(CHUNK_SIZE * 3 + 17, 2), store, { cidVersion });
    const blocks = await collect(walkDag(root, store));
    expect(blocks.length).toBeGreaterThan(3);
    expect(() => checkAll(blocks)).not.toThrow();
  });

  it('refuses a root whose filesize claims 10^15 bytes', async () => {
    const leaf = await rawLeaf(new Uint8Array(100));
    const root = await fileNode([leaf], [100n], 10n ** 15n);
    expect(() => checkAll([root, leaf])).toThrow(InconsistentFileSizeError);
    expect(() => checkAll([root, leaf])).toThrow(
      /declares 1000000000000000 bytes but its blocks hold 100/,
    );
  });

  it('refuses blocksizes that do not match the leaves they describe', async () => {
    const leaf = await rawLeaf(new Uint8Array(100));
    const root = await fileNode([leaf], [10n ** 15n]);
    expect(() => checkAll([root])).not.toThrow();
    expect(() => checkAll([root, leaf])).toThrow(
      new InconsistentFileSizeError(leaf.cid.toString(), 10n ** 15n, 100n),
    );
  });

  it('refuses a nested file node whose size differs from what its parent says', async () => {
    const leaf = await rawLeaf(new Uint8Array(10));
    const inner = await fileNode([leaf], [10n]);
    const root = await fileNode([inner], [11n]);
    expect(() => checkAll([root, inner, leaf])).toThrow(/declares 11 bytes but its blocks hold 10/);
  });
});
