import * as dagPb from '@ipld/dag-pb';
import type { CID } from 'multiformats/cid';
import type { BlockOptions, BlockSource } from './block-store.js';
import { DAG_PB, RAW } from './cid.js';
import { BlockVerificationError, InvalidCidError } from './errors.js';

/** A block: its CID and its bytes. */
export interface Block {
  cid: CID;
  bytes: Uint8Array;
}

/** The CIDs a block links to, in link order. Only dag-pb and raw are understood. */
export function linksOf(cid: CID, bytes: Uint8Array): CID[] {
  if (cid.code === RAW) return [];
  if (cid.code !== DAG_PB) {
    throw new InvalidCidError(
      `CID ${cid.toString()} has codec 0x${cid.code.toString(16)}; only dag-pb and raw are supported`,
    );
  }
  try {
    return dagPb.decode(bytes).Links.map((link) => link.Hash);
  } catch (error) {
    throw new BlockVerificationError(
      cid.toString(),
      `not valid dag-pb: ${(error as Error).message}`,
    );
  }
}

/**
 * Every block of the DAG under `root`, depth-first in link order, each block once (the order
 * `ipfs dag export` and trustless gateways use for CARs).
 */
export async function* walkDag(
  root: CID,
  source: BlockSource,
  options: BlockOptions = {},
): AsyncGenerator<Block> {
  const seen = new Set<string>();
  const stack: CID[] = [root];
  while (stack.length > 0) {
    const cid = stack.pop()!;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    options.signal?.throwIfAborted();
    const bytes = await source.get(cid, options);
    yield { cid, bytes };
    const links = linksOf(cid, bytes);
    for (let i = links.length - 1; i >= 0; i--) stack.push(links[i]!);
  }
}
