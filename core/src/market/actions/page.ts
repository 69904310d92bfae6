import { MarketInputError } from '../errors.js';

/** Most entries one page returns (TaskMarket clamps larger limits of its page views). */
export const MAX_PAGE_SIZE = 100;

/** A page of items with where the next one starts. */
export interface Page<T> {
  items: T[];
  /** Total number of items (tasks, or submissions of the task). */
  total: bigint;
  /** Offset of the next page, `undefined` on the last. */
  nextOffset: bigint | undefined;
}

/** Throws unless `limit` is 1 to {@link MAX_PAGE_SIZE}. */
export function checkPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new MarketInputError(`limit must be 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
}
