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
 * // Node, with a key and a space delegation from `storacha key create` / `storacha delegation create`,
 * // both read from env vars (never logged, never committed):
 * import * as Client from '@storacha/client'
 * import * as Proof from '@storacha/client/proof'
 * import { Signer } from '@storacha/client/principal/ed25519'
 * import { StoreMemory } from '@storacha/client/stores/memory'
 *
 * const client = await Client.create({ principal: Signer.parse(process.env.STORACHA_KEY!), store: new StoreMemory() })
 * const space = await client.addSpace(await Proof.parse(process.env.STORACHA_PROOF!))
 * await client.setCurrentSpace(space.did())
 * const cid = await storachaStore({ client }).put({ kind: 'file', content: bytes })
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
