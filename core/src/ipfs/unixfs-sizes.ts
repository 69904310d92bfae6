import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import type { CID } from 'multiformats/cid';
import { DAG_PB, RAW } from './cid.js';
import type { Block } from './dag.js';
import { BlockVerificationError, InconsistentFileSizeError } from './errors.js';

/**
 * Checks, as the blocks of a DAG go by (parents before children, as {@link walkDag} yields them),
 * that every UnixFS file node holds the size it declares: its `filesize` (when present) equals its
 * inline data plus its `blocksizes`, and each `blocksizes[i]` equals the size of child `i` (a raw
 * leaf's length, or the child file node's own size, itself checked when it comes by). A file whose
 * every block passed is exactly as large as its root says, so a gateway can promise that length.
 *
 * @example
 * const sizes = new FileSizeChecker()
 * for await (const block of walkDag(root, store)) sizes.check(block)
 */
export class FileSizeChecker {
  /** What a parent's `blocksizes` says each child (by CID string) holds. */
  private readonly expected = new Map<string, bigint>();

  /** Throws {@link InconsistentFileSizeError} when `block` does not hold what it or its parent declares. */
  check(block: Block): void {
    const key = block.cid.toString();
    if (block.cid.code === RAW) return this.checkLeaf(block.cid, block.bytes.length);
    if (block.cid.code !== DAG_PB) return;
    let node: dagPb.PBNode;
    let unixfs: UnixFS;
    let declared: bigint | undefined;
    try {
      node = dagPb.decode(block.bytes);
      if (!node.Data) return;
      unixfs = UnixFS.unmarshal(node.Data);
      declared = declaredFileSize(node.Data);
    } catch (error) {
      throw new BlockVerificationError(key, `not valid UnixFS: ${(error as Error).message}`);
    }
    if (unixfs.type !== 'file' && unixfs.type !== 'raw') return;
    const own = BigInt(unixfs.data?.length ?? 0);
    const fromChildren = unixfs.blockSizes.reduce((sum, size) => sum + size, 0n);
    if (unixfs.blockSizes.length !== node.Links.length) {
      throw new BlockVerificationError(
        key,
        `${node.Links.length} links but ${unixfs.blockSizes.length} blocksizes`,
      );
    }
    if (declared !== undefined && declared !== own + fromChildren) {
      throw new InconsistentFileSizeError(key, declared, own + fromChildren);
    }
    this.expect(key, own + fromChildren);
    node.Links.forEach((link, i) => this.declare(link.Hash.toString(), unixfs.blockSizes[i]!));
  }

  /** The same check for a raw leaf known by its length alone (its bytes hold no links or sizes). */
  checkLeaf(cid: CID, length: number): void {
    this.expect(cid.toString(), BigInt(length));
  }

  private declare(child: string, size: bigint): void {
    const earlier = this.expected.get(child);
    if (earlier !== undefined && earlier !== size) {
      throw new InconsistentFileSizeError(child, size, earlier);
    }
    this.expected.set(child, size);
  }

  private expect(key: string, actual: bigint): void {
    const declared = this.expected.get(key);
    if (declared !== undefined && declared !== actual) {
      throw new InconsistentFileSizeError(key, declared, actual);
    }
  }
}

/**
 * The `filesize` field (3, a varint) of a UnixFS `Data` message, which `ipfs-unixfs` does not keep
 * (it sums `blocksizes` instead) but Kubo and other clients read.
 */
function declaredFileSize(data: Uint8Array): bigint | undefined {
  let at = 0;
  let found: bigint | undefined;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= data.length || shift > 63n) throw new Error('truncated varint');
      const byte = data[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (at < data.length) {
    const tag = varint();
    const field = tag >> 3n;
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const value = varint();
      if (field === 3n) found = value;
    } else if (wire === 2) {
      const length = Number(varint());
      at += length;
    } else if (wire === 1) {
      at += 8;
    } else if (wire === 5) {
      at += 4;
    } else {
      throw new Error(`unexpected protobuf wire type ${wire}`);
    }
  }
  return found;
}
