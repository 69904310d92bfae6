import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BlockNotFoundError,
  InvalidCidError,
  blockKey,
  type BlockStore,
  type CID,
} from '@tem/core/ipfs';

/** The identity multihash: the "hash" is the data itself, so the CID carries its block. */
const IDENTITY = 0x00;
/** Kubo's limit on an identity CID's digest (boxo verifcid): larger ones are refused. */
const MAX_IDENTITY_DIGEST_BYTES = 128;
/** Store keys are a base32 multihash: a sha2-256 one takes 59 characters. Longer names no hash we verify. */
const MAX_KEY_CHARS = 128;
/** fsyncs in flight at once when a batch is committed. */
const SYNC_CONCURRENCY = 32;

/**
 * A block store on disk that survives restarts. Layout (like Kubo's flatfs):
 * `<dir>/blocks/<2 chars>/<multihash base32>.data`. Every write goes to `<dir>/tmp`, is fsynced,
 * then renamed into place, so a crash never leaves a half-written block under a real name.
 * Identity CIDs are answered from the CID itself, as Kubo does, and never written.
 *
 * @example const store = await FsBlockStore.open('.devnet/ipfs')
 */
export class FsBlockStore implements BlockStore {
  private constructor(private readonly dir: string) {}

  /** Opens (creating if needed) a store in `dir`, discarding temp files a crash may have left. */
  static async open(dir: string): Promise<FsBlockStore> {
    await mkdir(join(dir, 'blocks'), { recursive: true });
    await rm(join(dir, 'tmp'), { recursive: true, force: true });
    await mkdir(join(dir, 'tmp'), { recursive: true });
    return new FsBlockStore(dir);
  }

  /** Where the block of `cid` lives, or undefined for a key too long to name any block we hold. */
  private pathOf(cid: CID): { shard: string; file: string } | undefined {
    const key = blockKey(cid);
    if (key.length > MAX_KEY_CHARS) return undefined;
    const shard = join(this.dir, 'blocks', key.slice(-3, -1));
    return { shard, file: join(shard, `${key}.data`) };
  }

  async get(cid: CID): Promise<Uint8Array> {
    if (cid.multihash.code === IDENTITY) return inlineBlock(cid);
    const path = this.pathOf(cid);
    if (!path) throw new BlockNotFoundError(cid.toString());
    try {
      const buffer = await readFile(path.file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new BlockNotFoundError(cid.toString());
      throw error;
    }
  }

  async has(cid: CID): Promise<boolean> {
    if (cid.multihash.code === IDENTITY)
      return cid.multihash.digest.length <= MAX_IDENTITY_DIGEST_BYTES;
    const path = this.pathOf(cid);
    if (!path) return false;
    try {
      await stat(path.file);
      return true;
    } catch {
      return false;
    }
  }

  /** The length of a stored block, without reading it; BlockNotFoundError when absent. */
  async sizeOf(cid: CID): Promise<number> {
    if (cid.multihash.code === IDENTITY) return inlineBlock(cid).length;
    const path = this.pathOf(cid);
    if (!path) throw new BlockNotFoundError(cid.toString());
    try {
      return (await stat(path.file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new BlockNotFoundError(cid.toString());
      throw error;
    }
  }

  /** Stores a block durably (temp file, fsync, rename). Callers verify the bytes first. */
  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    const batch = this.batch();
    try {
      await batch.put(cid, bytes);
      await batch.commit();
    } finally {
      await batch.discard();
    }
  }

  /**
   * A batch of blocks written to disk as they come (nothing held in memory) and stored together by
   * {@link BlockBatch.commit}: one durable commit for the lot, not one per block.
   */
  batch(): BlockBatch {
    return new BlockBatch(this, join(this.dir, 'tmp', randomBytes(8).toString('hex')), (cid) =>
      this.pathOf(cid),
    );
  }

  /** Number of blocks on disk (for tests and stats; walks the shard directories). */
  async count(): Promise<number> {
    let total = 0;
    for (const shard of await readdir(join(this.dir, 'blocks'))) {
      total += (await readdir(join(this.dir, 'blocks', shard))).filter((f) =>
        f.endsWith('.data'),
      ).length;
    }
    return total;
  }
}

/** Blocks staged in a folder of `<dir>/tmp` until they are committed into the store, or discarded. */
export class BlockBatch {
  /** Staged blocks (by store key) and where they go. */
  private readonly staged = new Map<string, { cid: CID; bytes: number }>();
  private folder: Promise<void> | undefined;
  private committed = false;

  constructor(
    private readonly store: FsBlockStore,
    private readonly stagingDir: string,
    private readonly pathOf: (cid: CID) => { shard: string; file: string } | undefined,
  ) {}

  /** Blocks staged so far (not counting identity blocks and blocks the store already holds). */
  get size(): number {
    return this.staged.size;
  }

  /** Stages a verified block, unless the store already holds it. */
  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    if (cid.multihash.code === IDENTITY) return;
    const key = blockKey(cid);
    if (this.staged.has(key) || (await this.store.has(cid))) return;
    if (!this.pathOf(cid)) throw new InvalidCidError(`CID ${cid} is too long to store`);
    this.folder ??= mkdir(this.stagingDir, { recursive: true }).then(() => undefined);
    await this.folder;
    await writeFile(join(this.stagingDir, key), bytes);
    this.staged.set(key, { cid, bytes: bytes.length });
  }

  async has(cid: CID): Promise<boolean> {
    return this.staged.has(blockKey(cid)) || this.store.has(cid);
  }

  /** The length of a staged block, else of the store's. */
  async sizeOf(cid: CID): Promise<number> {
    return this.staged.get(blockKey(cid))?.bytes ?? this.store.sizeOf(cid);
  }

  /** A staged block, else the store's. */
  async get(cid: CID): Promise<Uint8Array> {
    const key = blockKey(cid);
    if (!this.staged.has(key)) return this.store.get(cid);
    const buffer = await readFile(join(this.stagingDir, key));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  /**
   * Makes every staged block durable, then moves them into place: the data of all of them is
   * flushed before any is renamed (so a crash never leaves a short block under a real name), and
   * each shard folder is synced once at the end. The file system commits the flushes together.
   */
  async commit(): Promise<void> {
    const entries = [...this.staged.entries()];
    await inBatches(entries, async ([key]) => syncFile(join(this.stagingDir, key)));
    const shards = new Set<string>();
    for (const [key, { cid }] of entries) {
      const { shard, file } = this.pathOf(cid)!;
      if (!shards.has(shard)) await mkdir(shard, { recursive: true });
      shards.add(shard);
      await rename(join(this.stagingDir, key), file);
    }
    await inBatches([...shards], syncDirectory);
    this.committed = true;
  }

  /** Removes what is still staged (everything, unless committed). */
  async discard(): Promise<void> {
    if (!this.folder) return;
    await rm(this.stagingDir, { recursive: true, force: true });
    if (!this.committed) this.staged.clear();
  }
}

/** The block an identity CID carries, if within Kubo's limit. */
function inlineBlock(cid: CID): Uint8Array {
  const size = cid.multihash.digest.length;
  if (size > MAX_IDENTITY_DIGEST_BYTES) {
    throw new InvalidCidError(
      `CID ${cid.toString().slice(0, 64)}… has an identity digest of ${size} bytes (at most ${MAX_IDENTITY_DIGEST_BYTES})`,
    );
  }
  return cid.multihash.digest;
}

async function inBatches<T>(items: T[], action: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += SYNC_CONCURRENCY) {
    await Promise.all(items.slice(i, i + SYNC_CONCURRENCY).map(action));
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so the rename itself is durable (best effort: not every OS allows it). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Directories cannot be opened for sync on some platforms (Windows); the rename still happened.
  }
}
