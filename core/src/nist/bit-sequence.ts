import { NistInputError } from './errors.js';

/**
 * Largest input accepted: 2^26 bits (8 MiB), 67 times the usual 10^6. The FFT test needs about 40
 * bytes of memory per bit, so this bounds a run to a few GB at most.
 */
export const MAX_BITS = 2 ** 26;

/**
 * A bit string of any length, packed MSB-first per byte as the suite reads binary files: bit i is
 * bit (7 - i % 8) of byte floor(i / 8). Bits past `length` in the last byte are ignored.
 *
 * @example
 * const seq = BitSequence.fromBitString('1011010101');
 * seq.length; // 10
 * seq.bit(2); // 1
 */
export class BitSequence {
  /** Number of bits. */
  readonly length: number;
  /** The packed bytes (not copied; do not mutate while tests run). */
  readonly bytes: Uint8Array;
  #words: Uint32Array | undefined;

  constructor(bytes: Uint8Array, length: number = bytes.length * 8) {
    if (!Number.isInteger(length) || length < 0 || length > MAX_BITS) {
      throw new NistInputError(`bit length must be an integer in [0, ${MAX_BITS}], got ${length}`);
    }
    if (length > bytes.length * 8) {
      throw new NistInputError(
        `bit length ${length} exceeds the ${bytes.length} bytes given (${bytes.length * 8} bits)`,
      );
    }
    this.bytes = bytes;
    this.length = length;
  }

  /** Parses a string of '0'/'1' characters; whitespace is skipped, anything else is an error. */
  static fromBitString(text: string): BitSequence {
    const bytes = new Uint8Array(Math.ceil(text.length / 8));
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 48 || c === 49) {
        if (c === 49) bytes[n >>> 3]! |= 0x80 >>> (n & 7);
        n++;
      } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        throw new NistInputError(
          `unexpected character ${JSON.stringify(text[i])} at offset ${i}: expected '0' or '1'`,
        );
      }
    }
    return new BitSequence(bytes, n);
  }

  /**
   * Reads the suite's ASCII format: every '0'/'1' character in order, all other bytes skipped
   * (sts reads with `fscanf("%1d")`), stopping after `maxBits` bits if given.
   */
  static fromAscii(data: Uint8Array, maxBits = MAX_BITS): BitSequence {
    const limit = Math.min(maxBits, data.length);
    const bytes = new Uint8Array(Math.ceil(limit / 8));
    let n = 0;
    for (let i = 0; i < data.length && n < limit; i++) {
      const c = data[i]!;
      if (c === 48 || c === 49) {
        if (c === 49) bytes[n >>> 3]! |= 0x80 >>> (n & 7);
        n++;
      }
    }
    return new BitSequence(bytes, n);
  }

  /** The bit at index i (0 or 1). */
  bit(i: number): number {
    return (this.bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
  }

  /** The first `length` bits as a new sequence (shares no state with this one). */
  prefix(length: number): BitSequence {
    if (length > this.length) {
      throw new NistInputError(`prefix of ${length} bits requested from ${this.length} bits`);
    }
    return new BitSequence(this.bytes.subarray(0, Math.ceil(length / 8)), length);
  }

  /**
   * The bits as big-endian 32-bit words (bit i is bit 31 - i % 32 of word i >> 5), zero past the
   * end, with two spare zero words so that windows near the end can be read without bounds checks.
   */
  get words(): Uint32Array {
    if (!this.#words) this.#words = packWords(this.bytes, this.length, 0);
    return this.#words;
  }

  /**
   * The words of this sequence followed by its own first `extra` bits: the cyclic extension the
   * Serial and Approximate Entropy tests count overlapping patterns in.
   */
  cyclicWords(extra: number): Uint32Array {
    return packWords(this.bytes, this.length, extra);
  }
}

function packWords(bytes: Uint8Array, n: number, extra: number): Uint32Array {
  const total = n + extra;
  const words = new Uint32Array((total >>> 5) + 3);
  const fullBytes = n >>> 3;
  let w = 0;
  let i = 0;
  for (; i + 4 <= fullBytes; i += 4, w++) {
    words[w] =
      ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
  }
  for (let bit = i * 8; bit < n; bit++) {
    if ((bytes[bit >>> 3]! >>> (7 - (bit & 7))) & 1) words[bit >>> 5]! |= 0x80000000 >>> (bit & 31);
  }
  for (let k = 0; k < extra; k++) {
    const src = n === 0 ? 0 : k % n;
    const dst = n + k;
    if ((bytes[src >>> 3]! >>> (7 - (src & 7))) & 1) words[dst >>> 5]! |= 0x80000000 >>> (dst & 31);
  }
  return words;
}
