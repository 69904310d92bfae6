/**
 * The items of one task (cells, or test streams) in shared memory: lanes take them one at a time
 * from a counter, so every lane stays busy until the task's last item whatever each item costs
 * and whenever each lane starts (a worker wakes up late, the calling thread evolves first). Plain
 * data, posted with the slice: the memory is shared between threads, not copied.
 */
export interface WorkClaims {
  /** [next item to take, items finished]. */
  counters: Int32Array;
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
  return { counters: sharedArray(Int32Array, 2), count };
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

/** Marks one taken item finished, after its results are written (the atomic add publishes them). */
export function finishItem(claims: WorkClaims): void {
  Atomics.add(claims.counters, 1, 1);
}

/** Whether every item is finished (and its results visible to this thread). */
export function allItemsFinished(claims: WorkClaims): boolean {
  return Atomics.load(claims.counters, 1) >= claims.count;
}
