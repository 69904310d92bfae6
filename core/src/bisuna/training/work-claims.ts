/**
 * The items of one task (cells, or test streams) in shared memory: lanes take them one at a time
 * from a counter, so every lane stays busy until the task's last item whatever each item costs
 * and whenever each lane starts (a worker wakes up late, the calling thread evolves first). Plain
 * data, posted with the slice: the memory is shared between threads, not copied.
 */
export interface WorkClaims {
  /** [next item to take, items finished (an item run twice counts twice)]. */
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

export function createWorkClaims(count: number): WorkClaims {
  return { counters: sharedArray(Int32Array, 2), done: sharedArray(Uint8Array, count), count };
}

/** Takes the next item below `upTo`: its index, or -1 when every item below it is taken. */
export function claimItem(claims: WorkClaims, upTo = claims.count): number {
  const limit = Math.min(upTo, claims.count);
  for (;;) {
    const i = Atomics.load(claims.counters, 0);
    if (i >= limit) return -1;
    if (Atomics.compareExchange(claims.counters, 0, i, i + 1) === i) return i;
  }
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
  if (Atomics.load(claims.counters, 0) < claims.count) return [];
  const out: number[] = [];
  for (let i = 0; i < claims.count; i++) if (Atomics.load(claims.done, i) === 0) out.push(i);
  return out;
}
