/** Bit-level helpers over big-endian 32-bit words (see `BitSequence.words`). */

/** Number of set bits in a 32-bit value. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Parity (XOR of all bits) of a 32-bit value. */
export function parity32(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  return (0x6996 >>> (x & 15)) & 1;
}

/** The `m` bits (1 <= m <= 32) starting at bit `i`, as an unsigned integer, first bit most significant. */
export function window(words: Uint32Array, i: number, m: number): number {
  const k = i >>> 5;
  const s = i & 31;
  const v = s === 0 ? words[k]! : (words[k]! << s) | (words[k + 1]! >>> (32 - s));
  return v >>> (32 - m);
}

/** Number of ones in bits [start, end). */
export function countOnes(words: Uint32Array, start: number, end: number): number {
  if (end <= start) return 0;
  const first = start >>> 5;
  const last = (end - 1) >>> 5;
  const headMask = 0xffffffff >>> (start & 31);
  const tailMask = (0xffffffff << (31 - ((end - 1) & 31))) >>> 0;
  if (first === last) return popcount32(words[first]! & headMask & tailMask);
  let ones = popcount32(words[first]! & headMask) + popcount32(words[last]! & tailMask);
  for (let w = first + 1; w < last; w++) ones += popcount32(words[w]!);
  return ones;
}

/**
 * Counts of every m-bit pattern over the n overlapping windows of a cyclic sequence (`words` must
 * hold the n bits followed by their first m - 1 bits, as `BitSequence.cyclicWords(m - 1)` gives).
 */
export function cyclicPatternCounts(words: Uint32Array, n: number, m: number): Uint32Array {
  const counts = new Uint32Array(2 ** m);
  if (m === 0) {
    counts[0] = n;
    return counts;
  }
  const shift = 32 - m;
  const fullWords = n >>> 5;
  for (let k = 0; k < fullWords; k++) {
    const hi = words[k]!;
    const lo = words[k + 1]!;
    counts[hi >>> shift]!++;
    for (let s = 1; s < 32; s++) counts[((hi << s) | (lo >>> (32 - s))) >>> shift]!++;
  }
  for (let i = fullWords * 32; i < n; i++) counts[window(words, i, m)]!++;
  return counts;
}

/** Halves a pattern-count table: counts of (m-1)-bit prefixes from counts of m-bit patterns. */
export function marginalCounts(counts: Uint32Array): Uint32Array {
  const out = new Uint32Array(counts.length >>> 1);
  for (let p = 0; p < out.length; p++) out[p] = counts[2 * p]! + counts[2 * p + 1]!;
  return out;
}

/** The m-bit window (1 <= m <= 32) at every position 0 .. count-1: out[i] = window(words, i, m). */
export function slidingWindows(words: Uint32Array, count: number, m: number): Uint32Array {
  const out = new Uint32Array(count);
  const shift = 32 - m;
  const fullWords = count >>> 5;
  let at = 0;
  for (let k = 0; k < fullWords; k++) {
    const hi = words[k]!;
    const lo = words[k + 1]!;
    out[at++] = hi >>> shift;
    for (let s = 1; s < 32; s++) out[at++] = ((hi << s) | (lo >>> (32 - s))) >>> shift;
  }
  for (; at < count; at++) out[at] = window(words, at, m);
  return out;
}
