/**
 * The items of one task (cells, or test streams) in shared memory: lanes take them one at a time,
 * so every lane stays busy until the task's last item whatever each item costs and whenever each
 * lane starts (a worker wakes up late, the calling thread evolves first). Lanes take from the
 * front or from the back: with the calling thread at the front and the workers at the back, a
 * cell tends to stay on the lane that evaluated it last time, which still holds its compiled
 * kernel. Plain data, posted with the slice: the memory is shared between threads, not copied.
 */
export interface WorkClaims {
  /**
   * [untaken items `front .. back-1` as `front + back * 65536` (one word, so that both ends move
   * atomically), items finished (an item run twice counts twice)].
   */
  counters: Int32Array;
  /** 1 once item i's results are written. */
  done: Uint8Array;
  count: number;
}

/** Whether this realm can share memory with its workers (a browser page only when cross-origin isolated). */
export function canShareMemory(): boolean {
  return (
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false
  );
}

type SharedArrayConstructor<T> = new (buffer: SharedArrayBuffer) => T;

/** A typed array of `length` elements in shared memory. */
export function sharedArray<T extends Int32Array | Float64Array | Uint8Array>(
  Kind: SharedArrayConstructor<T> & { BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT));
}

/** Most items a task can have (both ends of the untaken range share one 32-bit word). */
export const MAX_CLAIMED_ITEMS = 0x7fff;

export function createWorkClaims(count: number): WorkClaims {
  if (!Number.isInteger(count) || count < 0 || count > MAX_CLAIMED_ITEMS) {
    throw new RangeError(`a shared task has 0..${MAX_CLAIMED_ITEMS} items, got ${count}`);
  }
  const counters = sharedArray(Int32Array, 2);
  counters[0] = count * 65536;
  return { counters, done: sharedArray(Uint8Array, count), count };
}

/**
 * Takes the untaken item at the front (or the back) if it is below `upTo`: its index, or -1 when
 * there is none.
 */
export function claimItem(claims: WorkClaims, upTo = claims.count, fromBack = false): number {
  const limit = Math.min(upTo, claims.count);
  for (;;) {
    const range = Atomics.load(claims.counters, 0);
    const front = range & 0xffff;
    const back = range >>> 16;
    const i = fromBack ? back - 1 : front;
    if (i < front || i >= back || i >= limit) return -1;
    const next = fromBack ? front + i * 65536 : i + 1 + back * 65536;
    if (Atomics.compareExchange(claims.counters, 0, range, next) === range) return i;
  }
}

function allTaken(claims: WorkClaims): boolean {
  const range = Atomics.load(claims.counters, 0);
  return (range & 0xffff) >= range >>> 16;
}

/** Marks item `i` finished, after its results are written (the atomic store publishes them). */
export function finishItem(claims: WorkClaims, i: number): void {
  Atomics.store(claims.done, i, 1);
  Atomics.add(claims.counters, 1, 1);
}

/** Whether every item is finished (and its results visible to this thread). */
export function allItemsFinished(claims: WorkClaims): boolean {
  if (Atomics.load(claims.counters, 1) < claims.count) return false;
  for (let i = 0; i < claims.count; i++) if (Atomics.load(claims.done, i) === 0) return false;
  return true;
}

/**
 * Items taken but not finished once every item is taken: those another lane is still computing,
 * or that it stopped on (a garbage collection, a descheduled thread, a crash).
 */
export function unfinishedItems(claims: WorkClaims): number[] {
  if (!allTaken(claims)) return [];
  const out: number[] = [];
  for (let i = 0; i < claims.count; i++) if (Atomics.load(claims.done, i) === 0) out.push(i);
  return out;
}
