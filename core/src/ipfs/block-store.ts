import { base32 } from 'multiformats/bases/base32';
import type { CID } from 'multiformats/cid';
import { BlockNotFoundError } from './errors.js';

/** Options every block operation accepts. */
export interface BlockOptions {
  signal?: AbortSignal;
}

/** Anything blocks can be read from by CID. `get` throws {@link BlockNotFoundError} on a miss. */
export interface BlockSource {
  get(cid: CID, options?: BlockOptions): Promise<Uint8Array>;
}

/** A block store: get/put/has by CID. Blocks are keyed by multihash, so v0 and v1 CIDs share them. */
export interface BlockStore extends BlockSource {
  put(cid: CID, bytes: Uint8Array, options?: BlockOptions): Promise<void>;
  has(cid: CID, options?: BlockOptions): Promise<boolean>;
}

/** The store key of a CID: its multihash in base32 (codec-independent, like Kubo's flatfs). */
export function blockKey(cid: CID): string {
  return base32.encode(cid.multihash.bytes).slice(1).toUpperCase();
}

/**
 * A block store in memory. It trusts what it is given: verify at the boundary (CAR read, fetch).
 *
 * @example
 * const store = new MemoryBlockStore()
 * const cid = await addBytes(new TextEncoder().encode('hi'), store)
 */
export class MemoryBlockStore implements BlockStore {
  private readonly blocks = new Map<string, Uint8Array>();
  private byteCount = 0;

  async get(cid: CID): Promise<Uint8Array> {
    const bytes = this.blocks.get(blockKey(cid));
    if (!bytes) throw new BlockNotFoundError(cid.toString());
    return bytes;
  }

  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    const key = blockKey(cid);
    if (this.blocks.has(key)) return;
    this.blocks.set(key, bytes);
    this.byteCount += bytes.length;
  }

  async has(cid: CID): Promise<boolean> {
    return this.blocks.has(blockKey(cid));
  }

  /** Number of blocks held. */
  get size(): number {
    return this.blocks.size;
  }

  /** Total bytes of all blocks held. */
  get bytes(): number {
    return this.byteCount;
  }
}
