import type { CID } from 'multiformats/cid';
import { addContent } from '../add.js';
import { MemoryBlockStore } from '../block-store.js';
import { packCarBytes } from '../car.js';
import type { Content } from '../content.js';
import { UploadError } from '../errors.js';
import type { PutOptions } from './content-store.js';

/** A DAG built locally and packed for upload. */
export interface PackedContent {
  root: CID;
  car: Uint8Array;
}

/**
 * Imports content (Kubo defaults) and packs its whole DAG into one CAR, ready to upload.
 *
 * @example const { root, car } = await packContent({ kind: 'file', content: bytes })
 */
export async function packContent(
  content: Content,
  options: PutOptions = {},
): Promise<PackedContent> {
  const store = new MemoryBlockStore();
  const root = await addContent(content, store, options);
  return { root, car: await packCarBytes(root, store, options) };
}

/** Throws {@link UploadError} unless `answered` names the same block as `expected` (any CID version). */
export function checkRoot(backend: string, expected: CID, answered: CID): void {
  if (
    answered.code !== expected.code ||
    !equalBytes(answered.multihash.bytes, expected.multihash.bytes)
  ) {
    throw new UploadError(
      `${backend} answered root ${answered.toString()}, expected ${expected.toString()}`,
    );
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
