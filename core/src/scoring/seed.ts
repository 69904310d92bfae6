import { ScoringInputError } from './errors.js';
import { HmacDrbg } from './hmac-drbg.js';

/** Nonce of every scoring DRBG (16 ASCII bytes); the version pins the derivation. */
export const DRBG_NONCE = 'tem-scoring/v1.0';

const utf8 = new TextEncoder();

/**
 * Parses a task's test seed: `0x` followed by 64 hex digits (bytes32 as the contract stores it).
 *
 * @example
 * parseTestSeed('0x' + '00'.repeat(32)); // Uint8Array(32)
 */
export function parseTestSeed(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ScoringInputError(
      `test seed must be 0x followed by 64 hex digits (bytes32), got ${JSON.stringify(String(hex).slice(0, 80))}`,
    );
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/**
 * `count` bytes for one named purpose: HMAC_DRBG-SHA-256 instantiated with the 32-byte test seed as
 * entropy input, {@link DRBG_NONCE} as nonce and the UTF-8 label as personalization string, then
 * Generate requests of at most 65,536 bytes. Each label is an independent generator.
 *
 * @example
 * deriveBytes(seed, 'plain/random/0', 4096);
 */
export function deriveBytes(seed: Uint8Array, label: string, count: number): Uint8Array {
  return new HmacDrbg(seed, utf8.encode(DRBG_NONCE), utf8.encode(label)).bytes(count);
}

/** `count` u16 words for one label: bytes paired little-endian (`b0 | b1 << 8`). */
export function deriveWords(seed: Uint8Array, label: string, count: number): Uint16Array {
  return wordsFromBytesLE(deriveBytes(seed, label, 2 * count));
}

/** A u32 for one label: the first four bytes, big-endian. */
export function deriveUint32(seed: Uint8Array, label: string): number {
  const b = deriveBytes(seed, label, 4);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** Bytes as u16 words the way the reference reads binary files: little-endian pairs; an odd last byte is dropped. */
export function wordsFromBytesLE(bytes: Uint8Array): Uint16Array {
  const out = new Uint16Array(bytes.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return out;
}

/** u16 words as little-endian bytes (how the reference writes its `.bin` outputs). */
export function bytesFromWordsLE(words: Uint16Array): Uint8Array {
  const out = new Uint8Array(words.length * 2);
  for (let i = 0; i < words.length; i++) {
    out[2 * i] = words[i]! & 0xff;
    out[2 * i + 1] = words[i]! >>> 8;
  }
  return out;
}
