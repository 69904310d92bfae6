import type { VerifiedFetch } from '@tem/core/ipfs';
import type { AnyTaskSpec } from '@tem/core/kinds';
import { fetchTaskSpec } from '@tem/core/scoring-inputs/spec';
import { MemoCache } from '../lib/memo-cache.js';

/**
 * Reads task specs (of any registered kind) by CID through the verified fetch client and
 * validates them with their kind's schema. Specs are
 * immutable (content-addressed), so successes are cached without expiry (bounded LRU).
 */
export class SpecReader {
  readonly #cache = new MemoCache<string, AnyTaskSpec>({ ttlMs: Infinity, maxEntries: 500 });

  constructor(
    readonly ipfs: VerifiedFetch,
    readonly timeoutMs: number,
  ) {}

  /** The validated spec at `cid`; throws the IPFS layer's errors or TaskDocumentError (an unknown kind
   * is an issue at path `kind`). */
  read(cid: string): Promise<AnyTaskSpec> {
    return this.#cache.get(cid, async () =>
      deepFreeze(await fetchTaskSpec(this.ipfs, cid, { timeoutMs: this.timeoutMs })),
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
