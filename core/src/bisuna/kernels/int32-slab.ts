/**
 * Small zeroed Int32Arrays carved out of shared 32 KiB buffers. A typed array over 64 bytes gets
 * its own off-heap ArrayBuffer, which costs 0.4–2 µs to allocate (and adds GC bookkeeping);
 * training builds a kernel for every new genome and then runs it for only ~150 steps, so the
 * compiled genome and the kernel memory take views of a shared buffer instead (~30 ns each).
 * A buffer is freed once every view of it is unreachable.
 */
const SLAB_WORDS = 8192;
/** Larger requests get their own buffer: they are rare and would waste most of a slab. */
const MAX_SHARED = SLAB_WORDS >> 3;

let slab = new Int32Array(0);
let used = 0;

/** A zeroed Int32Array of `length` words, usually a view of a shared buffer. */
export function allocInt32(length: number): Int32Array {
  if (length > MAX_SHARED) return new Int32Array(length);
  if (used + length > slab.length) {
    slab = new Int32Array(SLAB_WORDS);
    used = 0;
  }
  const view = slab.subarray(used, used + length);
  used += length;
  return view;
}

let scratch = new Int32Array(256);

/**
 * A reusable zeroed scratch Int32Array of at least `length` words, valid until the next call
 * (for synchronous builders that must not allocate).
 */
export function scratchInt32(length: number): Int32Array {
  if (scratch.length < length) scratch = new Int32Array(Math.max(length, scratch.length * 2));
  else scratch.fill(0, 0, length);
  return scratch;
}
