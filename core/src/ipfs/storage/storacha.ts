import { parseCid } from '../cid.js';
import { UploadError } from '../errors.js';
import type { ContentStore } from './content-store.js';
import { checkRoot, packContent } from './pack-content.js';

/**
 * The part of a `@storacha/client` `Client` this adapter uses (structural, so core does not
 * import the client: pass `await create()` from `@storacha/client`, logged in, with a space).
 */
export interface StorachaUploader {
  uploadCAR(car: Blob, options?: { signal?: AbortSignal }): Promise<{ toString(): string }>;
}

export interface StorachaStoreOptions {
  client: StorachaUploader;
}

/**
 * Stores content in Storacha (successor of web3.storage): uploads the locally built CAR with
 * `client.uploadCAR` and checks that the root Storacha registered is our CID.
 *
 * @example
 * import { create } from '@storacha/client'
 * const cid = await storachaStore({ client: await create() }).put(content)
 */
export function storachaStore(options: StorachaStoreOptions): ContentStore {
  return {
    async put(content, putOptions = {}) {
      const { root, car } = await packContent(content, putOptions);
      let answered: { toString(): string };
      try {
        answered = await options.client.uploadCAR(
          new Blob([car as Uint8Array<ArrayBuffer>], { type: 'application/vnd.ipld.car' }),
          putOptions.signal ? { signal: putOptions.signal } : {},
        );
      } catch (error) {
        throw new UploadError(`Storacha upload failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      checkRoot('Storacha', root, parseCid(answered.toString()));
      return root;
    },
  };
}
