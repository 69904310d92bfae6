import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

const OUT_LEN = 32;
/** SP 800-90A Table 2: at most 2^19 bits per Generate request. */
export const MAX_BYTES_PER_REQUEST = 65_536;

/**
 * HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, §10.1.2), without prediction resistance. Fully
 * deterministic given its inputs, so anyone can recompute what it produced.
 *
 * @example
 * const drbg = new HmacDrbg(entropy, nonce, personalization);
 * drbg.generate(128); // the first 1024 bits
 */
export class HmacDrbg {
  private key: Uint8Array = new Uint8Array(OUT_LEN);
  private v: Uint8Array = new Uint8Array(OUT_LEN).fill(1);
  private reseedCounter = 1;

  constructor(entropy: Uint8Array, nonce: Uint8Array, personalization = new Uint8Array(0)) {
    this.update(entropy, nonce, personalization);
  }

  /** Reseed (§10.1.2.4) with fresh entropy and optional additional input. */
  reseed(entropy: Uint8Array, additional = new Uint8Array(0)): void {
    this.update(entropy, additional);
    this.reseedCounter = 1;
  }

  /**
   * Generate (§10.1.2.5) `bytes` bytes, at most {@link MAX_BYTES_PER_REQUEST}. Use
   * {@link HmacDrbg.bytes} for longer outputs.
   */
  generate(bytes: number, additional = new Uint8Array(0)): Uint8Array {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_BYTES_PER_REQUEST) {
      throw new RangeError(`HMAC_DRBG request of ${bytes} bytes; at most ${MAX_BYTES_PER_REQUEST}`);
    }
    if (additional.length > 0) this.update(additional);
    const out = new Uint8Array(bytes);
    // The key's padded blocks are hashed once; each block of output restarts from that state.
    const keyed = hmac.create(sha256, this.key);
    const block = keyed.clone();
    const v = new Uint8Array(OUT_LEN);
    v.set(this.v);
    for (let off = 0; off < bytes; off += OUT_LEN) {
      keyed._cloneInto(block).update(v).digestInto(v);
      out.set(v.subarray(0, Math.min(OUT_LEN, bytes - off)), off);
    }
    this.v = v;
    this.update(additional);
    this.reseedCounter++;
    return out;
  }

  /** `count` bytes from successive Generate requests of at most 65,536 bytes each. */
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let off = 0; off < count; off += MAX_BYTES_PER_REQUEST) {
      out.set(this.generate(Math.min(MAX_BYTES_PER_REQUEST, count - off)), off);
    }
    return out;
  }

  /** HMAC_DRBG_Update (§10.1.2.2) over the concatenation of `provided`. */
  private update(...provided: Uint8Array[]): void {
    const empty = provided.every((p) => p.length === 0);
    this.key = mac(this.key, this.v, Uint8Array.of(0), ...provided);
    this.v = mac(this.key, this.v);
    if (empty) return;
    this.key = mac(this.key, this.v, Uint8Array.of(1), ...provided);
    this.v = mac(this.key, this.v);
  }
}

/** HMAC-SHA-256 of the concatenation of `parts` under `key`. */
function mac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = hmac.create(sha256, key);
  for (const p of parts) h.update(p);
  return h.digest();
}
