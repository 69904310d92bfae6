/** Bytes to little-endian u16 words (`b0 | b1 << 8`); an odd trailing byte is dropped (spec §11.4). */
export function bytesToWordsLE(bytes: Uint8Array): Uint16Array {
  const n = bytes.length >> 1;
  const words = new Uint16Array(n);
  for (let i = 0; i < n; i++) words[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return words;
}

/** u16 words to little-endian bytes, as the reference writes binary outputs and passwords. */
export function wordsToBytesLE(words: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(words.length * 2);
  for (let i = 0; i < words.length; i++) {
    bytes[2 * i] = words[i]! & 0xff;
    bytes[2 * i + 1] = (words[i]! >>> 8) & 0xff;
  }
  return bytes;
}

/** Bytes paired big-endian into words (`hi << 8 | lo`), as BMP mode does; a missing last byte reads 0. */
export function bytesToWordsBE(bytes: Uint8Array): Uint16Array {
  const n = (bytes.length + 1) >> 1;
  const words = new Uint16Array(n);
  for (let i = 0; i < n; i++) words[i] = (bytes[2 * i]! << 8) | (bytes[2 * i + 1] ?? 0);
  return words;
}

/** Words split big-endian into `byteLength` bytes (the inverse of {@link bytesToWordsBE}). */
export function wordsToBytesBE(words: ArrayLike<number>, byteLength: number): Uint8Array {
  const bytes = new Uint8Array(byteLength);
  for (let i = 0; i < byteLength; i++) {
    const w = words[i >> 1] ?? 0;
    bytes[i] = i & 1 ? w & 0xff : (w >>> 8) & 0xff;
  }
  return bytes;
}
