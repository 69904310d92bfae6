/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (FIPS 198-1), synchronous and dependency-free so the
 * scoring code can derive its test set inside a Web Worker without `crypto.subtle` (async).
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_HASH = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const W = new Uint32Array(64);

function compress(h: Uint32Array, block: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const i = offset + 4 * t;
    W[t] = ((block[i]! << 24) | (block[i + 1]! << 16) | (block[i + 2]! << 8) | block[i + 3]!) >>> 0;
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) >>> 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let hh = h[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[t]! + W[t]!) >>> 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) >>> 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  h[0] = (h[0]! + a) >>> 0;
  h[1] = (h[1]! + b) >>> 0;
  h[2] = (h[2]! + c) >>> 0;
  h[3] = (h[3]! + d) >>> 0;
  h[4] = (h[4]! + e) >>> 0;
  h[5] = (h[5]! + f) >>> 0;
  h[6] = (h[6]! + g) >>> 0;
  h[7] = (h[7]! + hh) >>> 0;
}

/**
 * SHA-256 of the concatenation of `parts` (FIPS 180-4).
 *
 * @example
 * sha256(new TextEncoder().encode('abc')); // ba7816bf…f20015ad
 */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = Uint32Array.from(INITIAL_HASH);
  let total = 0;
  for (const p of parts) total += p.length;
  // Hash whole blocks straight from the parts; buffer only the block that straddles a boundary.
  const buffer = new Uint8Array(64);
  let buffered = 0;
  for (const p of parts) {
    let i = 0;
    if (buffered > 0) {
      const take = Math.min(64 - buffered, p.length);
      buffer.set(p.subarray(0, take), buffered);
      buffered += take;
      i = take;
      if (buffered === 64) {
        compress(h, buffer, 0);
        buffered = 0;
      }
    }
    for (; i + 64 <= p.length; i += 64) compress(h, p, i);
    if (i < p.length) {
      buffer.set(p.subarray(i), 0);
      buffered = p.length - i;
    }
  }
  buffer.fill(0, buffered);
  buffer[buffered] = 0x80;
  if (buffered >= 56) {
    compress(h, buffer, 0);
    buffer.fill(0);
  }
  // Message length in bits, big-endian 64-bit (inputs stay far below 2^53 bits).
  const bits = total * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  buffer[56] = hi >>> 24;
  buffer[57] = (hi >>> 16) & 0xff;
  buffer[58] = (hi >>> 8) & 0xff;
  buffer[59] = hi & 0xff;
  buffer[60] = lo >>> 24;
  buffer[61] = (lo >>> 16) & 0xff;
  buffer[62] = (lo >>> 8) & 0xff;
  buffer[63] = lo & 0xff;
  compress(h, buffer, 0);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[4 * i] = h[i]! >>> 24;
    out[4 * i + 1] = (h[i]! >>> 16) & 0xff;
    out[4 * i + 2] = (h[i]! >>> 8) & 0xff;
    out[4 * i + 3] = h[i]! & 0xff;
  }
  return out;
}

const BLOCK = 64;

/**
 * HMAC-SHA-256 under one fixed key, with the padded key blocks hashed once up front: each MAC of a
 * message of at most 55 bytes then costs two compressions. Used by the DRBG's inner loop.
 */
export class HmacSha256 {
  private readonly inner = new Uint32Array(8);
  private readonly outer = new Uint32Array(8);
  private readonly block = new Uint8Array(BLOCK);
  private readonly h = new Uint32Array(8);

  constructor(key: Uint8Array) {
    const k = new Uint8Array(BLOCK);
    k.set(key.length > BLOCK ? sha256(key) : key);
    const pad = new Uint8Array(BLOCK);
    this.inner.set(INITIAL_HASH);
    this.outer.set(INITIAL_HASH);
    for (let i = 0; i < BLOCK; i++) pad[i] = k[i]! ^ 0x36;
    compress(this.inner, pad, 0);
    for (let i = 0; i < BLOCK; i++) pad[i] = k[i]! ^ 0x5c;
    compress(this.outer, pad, 0);
  }

  /** HMAC of a message of at most 55 bytes, written into `out` (32 bytes). */
  macShort(message: Uint8Array, out: Uint8Array): Uint8Array {
    if (message.length > 55) throw new RangeError('macShort takes at most 55 bytes');
    this.h.set(this.inner);
    this.finish(message);
    for (let i = 0; i < 8; i++) writeWord(out, 4 * i, this.h[i]!);
    this.h.set(this.outer);
    this.finish(out);
    for (let i = 0; i < 8; i++) writeWord(out, 4 * i, this.h[i]!);
    return out;
  }

  /** One final block after a 64-byte prefix: message, 0x80, zeros, bit length of 64 + message. */
  private finish(message: Uint8Array): void {
    const b = this.block;
    b.fill(0);
    b.set(message);
    b[message.length] = 0x80;
    const bits = (BLOCK + message.length) * 8;
    b[62] = bits >>> 8;
    b[63] = bits & 0xff;
    compress(this.h, b, 0);
  }
}

function writeWord(out: Uint8Array, at: number, w: number): void {
  out[at] = w >>> 24;
  out[at + 1] = (w >>> 16) & 0xff;
  out[at + 2] = (w >>> 8) & 0xff;
  out[at + 3] = w & 0xff;
}

/**
 * HMAC-SHA-256 (FIPS 198-1, RFC 2104) of the concatenation of `parts` under `key`.
 *
 * @example
 * hmacSha256(key, message);
 */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const k = new Uint8Array(BLOCK);
  k.set(key.length > BLOCK ? sha256(key) : key);
  const ipad = new Uint8Array(BLOCK);
  const opad = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    ipad[i] = k[i]! ^ 0x36;
    opad[i] = k[i]! ^ 0x5c;
  }
  return sha256(opad, sha256(ipad, ...parts));
}
