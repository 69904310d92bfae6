import type { VerifiedFetch } from '@tem/core/ipfs';
import { parseTaskSpecJson, type TaskSpec } from '@tem/core/task';
import { MemoCache } from '../lib/memo-cache.js';

/** Largest task spec we read (specs are small JSON documents). */
export const MAX_SPEC_BYTES = 256 * 1024;

/**
 * Reads task specs by CID through the verified fetch client and validates them. Specs are
 * immutable (content-addressed), so successes are cached without expiry (bounded LRU).
 */
export class SpecReader {
  readonly #cache = new MemoCache<string, TaskSpec>({ ttlMs: Infinity, maxEntries: 500 });

  constructor(
    readonly ipfs: VerifiedFetch,
    readonly timeoutMs: number,
  ) {}

  /** The validated spec at `cid`; throws the IPFS layer's errors or TaskDocumentError. */
  read(cid: string): Promise<TaskSpec> {
    return this.#cache.get(cid, async () => {
      const text = await this.ipfs.text(cid, {
        maxBytes: MAX_SPEC_BYTES,
        timeoutMs: this.timeoutMs,
      });
      return deepFreeze(parseTaskSpecJson(text));
    });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
