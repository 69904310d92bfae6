import type { IncomingMessage } from 'node:http';
import {
  CAR_CONTENT_TYPE,
  ContentTooLargeError,
  FileSizeChecker,
  RAW,
  blockKey,
  linksOf,
  readCar,
  type CID,
} from '@tem/core/ipfs';
import type { BlockBatch, FsBlockStore } from './fs-block-store.js';
import { HttpError } from './http-errors.js';

/** Identity CIDs carry their block: nothing to store. */
const IDENTITY = 0x00;

/** Limits of `POST /upload`. */
export interface UploadLimits {
  /** Largest CAR accepted, in bytes. */
  maxBytes: number;
  /** Most blocks one CAR may carry (each costs a little memory until the upload ends). */
  maxBlocks: number;
}

/** What an upload stored: its root and the blocks and bytes the CAR carried (each block once; identity blocks, which are part of their CID, not counted). */
export interface UploadResult {
  cid: string;
  blocks: number;
  bytes: number;
}

/**
 * Receives a CAR upload into the store, streaming: each block is verified against its CID and
 * written to a staging folder as it arrives, so memory holds one block at a time whatever the
 * upload's size. Once the CAR has ended, the DAG under its root must be complete (in this CAR or
 * already stored) and every UnixFS file must hold the size it declares; only then are the blocks
 * made durable together and moved into the store. Anything refused leaves the store as it was.
 */
export async function receiveUpload(
  req: IncomingMessage,
  store: FsBlockStore,
  limits: UploadLimits,
): Promise<UploadResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== CAR_CONTENT_TYPE) {
    throw new HttpError(
      415,
      `an upload is a CAR: send it with Content-Type: ${CAR_CONTENT_TYPE}${type ? `, not ${type}` : ''}`,
    );
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    throw tooLarge(limits.maxBytes, declared);
  }
  const batch = store.batch();
  try {
    const seen = new Set<string>();
    let bytes = 0;
    let root: CID;
    try {
      const car = await readCar(req, { maxBytes: limits.maxBytes });
      if (car.roots.length !== 1) {
        throw new HttpError(400, `CAR must have exactly one root, it has ${car.roots.length}`);
      }
      root = car.roots[0]!;
      for await (const block of car.blocks) {
        if (block.cid.multihash.code === IDENTITY) continue;
        const key = blockKey(block.cid);
        if (seen.has(key)) continue;
        if (seen.size === limits.maxBlocks) {
          throw new HttpError(413, `upload carries more than ${limits.maxBlocks} blocks`, {
            connection: 'close',
          });
        }
        seen.add(key);
        bytes += block.bytes.length;
        await batch.put(block.cid, block.bytes);
      }
    } catch (error) {
      if (error instanceof ContentTooLargeError) throw tooLarge(limits.maxBytes);
      throw error;
    }
    await checkDag(root, batch);
    await batch.commit();
    return { cid: root.toString(), blocks: seen.size, bytes };
  } finally {
    await batch.discard();
  }
}

/**
 * The DAG under `root` is all there and its files hold what they declare, or a 400 says what is
 * not. Raw leaves are checked by their length alone: only the nodes that link are read back.
 */
async function checkDag(root: CID, blocks: BlockBatch): Promise<void> {
  const sizes = new FileSizeChecker();
  const seen = new Set<string>();
  const stack: CID[] = [root];
  try {
    while (stack.length > 0) {
      const cid = stack.pop()!;
      const key = cid.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      if (cid.code === RAW) {
        sizes.checkLeaf(cid, await blocks.sizeOf(cid));
        continue;
      }
      const bytes = await blocks.get(cid);
      sizes.check({ cid, bytes });
      const links = linksOf(cid, bytes);
      for (let i = links.length - 1; i >= 0; i--) stack.push(links[i]!);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'BlockNotFoundError') {
      throw new HttpError(400, `incomplete DAG: ${error.message} (root ${root})`);
    }
    if (error instanceof Error && error.name === 'InconsistentFileSizeError') {
      throw new HttpError(400, `refused: ${error.message} (root ${root})`);
    }
    throw error;
  }
}

function tooLarge(limit: number, declared?: number): HttpError {
  return new HttpError(
    413,
    declared === undefined
      ? `upload exceeds the limit of ${limit} bytes`
      : `upload of ${declared} bytes exceeds the limit of ${limit} bytes`,
    { connection: 'close' },
  );
}
