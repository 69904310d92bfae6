/** Bits of `plain` that `decrypted` gets right, out of all plaintext bits. */
export interface BitAccuracy {
  correct: number;
  total: number;
}

/**
 * Counts the plaintext bits Bob recovered (16 per word).
 *
 * @example
 * bitAccuracy(Uint16Array.of(0xffff), Uint16Array.of(0xfffe)); // { correct: 15, total: 16 }
 */
export function bitAccuracy(plain: Uint16Array, decrypted: Uint16Array): BitAccuracy {
  if (plain.length !== decrypted.length) {
    throw new RangeError(`plaintext has ${plain.length} words, decryption ${decrypted.length}`);
  }
  let wrong = 0;
  for (let i = 0; i < plain.length; i++) wrong += popcount16(plain[i]! ^ decrypted[i]!);
  return { correct: plain.length * 16 - wrong, total: plain.length * 16 };
}

/** Bits that differ between two equally long word arrays. */
export function bitDistance(a: Uint16Array, b: Uint16Array): number {
  let d = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) d += popcount16(a[i]! ^ b[i]!);
  return d;
}

/** Set bits of a 16-bit value. */
export function popcount16(x: number): number {
  x -= (x >>> 1) & 0x5555;
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}
