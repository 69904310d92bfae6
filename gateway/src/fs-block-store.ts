import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BlockNotFoundError, blockKey, type BlockStore, type CID } from '@tem/core/ipfs';

/**
 * A block store on disk that survives restarts. Layout (like Kubo's flatfs):
 * `<dir>/blocks/<2 chars>/<multihash base32>.data`. Every write goes to `<dir>/tmp`, is fsynced,
 * then renamed into place, so a crash never leaves a half-written block under a real name.
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

  private pathOf(cid: CID): { shard: string; file: string } {
    const key = blockKey(cid);
    const shard = join(this.dir, 'blocks', key.slice(-3, -1));
    return { shard, file: join(shard, `${key}.data`) };
  }

  async get(cid: CID): Promise<Uint8Array> {
    try {
      const buffer = await readFile(this.pathOf(cid).file);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new BlockNotFoundError(cid.toString());
      throw error;
    }
  }

  async has(cid: CID): Promise<boolean> {
    try {
      await stat(this.pathOf(cid).file);
      return true;
    } catch {
      return false;
    }
  }

  /** Stores a block durably (temp file, fsync, rename). Callers verify the bytes first. */
  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    if (await this.has(cid)) return;
    const { shard, file } = this.pathOf(cid);
    await mkdir(shard, { recursive: true });
    const temp = join(this.dir, 'tmp', `${randomBytes(8).toString('hex')}.part`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await syncDirectory(shard);
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
