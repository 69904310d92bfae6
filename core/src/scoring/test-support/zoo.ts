import type { CipherJob, CipherPair } from '../cipher.js';

/**
 * A zoo of hand-built ciphers for the verifier's tests, from no cipher at all to an ideal
 * keystream, each as a cryptographer would file it: the networks of
 * `bisuna/training/test-support/keystream-modules.ts` (short-key layout) and {@link CipherPair}s written directly.
 */
export {
  addRotateModule,
  repeatingKeyModule,
  silentModule,
} from '../../bisuna/training/test-support/keystream-modules.js';

/** A pair that XORs `keystream(job)` into the data, for Alice and Bob alike. */
export function keystreamPair(
  payloadWords: number,
  keystream: (key: Uint16Array, words: number) => Uint16Array,
): CipherPair {
  const xor = (job: CipherJob) => {
    const ks = keystream(job.key, job.plain.length);
    return job.plain.map((w, i) => w ^ ks[i]!);
  };
  return {
    payloadWords,
    encrypt: (jobs) => jobs.map(xor),
    decrypt: (jobs) => jobs.map(xor),
    roundTrip: (jobs) =>
      jobs.map((job) => {
        const cipher = xor(job);
        return { cipher, decrypted: xor({ ...job, plain: cipher }) };
      }),
  };
}

/** murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A pseudo-random function of `material` and the word index (two rounds of murmur3's finaliser
 * over a 64-bit state): statistically ideal for every test the verifier runs, and fast enough for
 * its thousands of trial encryptions (HMAC_DRBG per encryption made the zoo's tests slow).
 */
function prfWords(material: Uint16Array, words: number): Uint16Array {
  let a = 0x243f6a88;
  let b = 0x85a308d3;
  for (let i = 0; i < material.length; i++) {
    a = fmix32(a ^ material[i]! ^ Math.imul(i + 1, 0x9e3779b9));
    b = fmix32(b + a);
  }
  const out = new Uint16Array(words);
  for (let i = 0; i < words; i += 2) {
    const x = fmix32(fmix32(a ^ Math.imul(i + 1, 0x9e3779b9)) ^ b);
    out[i] = x & 0xffff;
    if (i + 1 < words) out[i + 1] = x >>> 16;
  }
  return out;
}

/** An ideal keystream cipher: the keystream is a pseudo-random function of the whole key. */
export function idealKeystreamPair(payloadWords: number): CipherPair {
  return keystreamPair(payloadWords, (key, words) => prfWords(key, words));
}

/** A perfect-looking keystream that ignores the key: anyone holding the networks decrypts. */
export function keyFreePair(payloadWords: number): CipherPair {
  const fixed = Uint16Array.of(0x6b65, 0x792d, 0x6672, 0x6565);
  return keystreamPair(payloadWords, (_key, words) => prfWords(fixed, words));
}

/** An ideal keystream from the first key word only: the other key bits are dead (16-bit key). */
export function partialKeyPair(payloadWords: number): CipherPair {
  return keystreamPair(payloadWords, (key, words) => prfWords(key.subarray(0, 1), words));
}

/**
 * A linear keystream: a Fibonacci LFSR whose state is the key (16·K bits, taps at 0, 1, 27, 28
 * of a 48-bit state and the same offsets modulo smaller ones), after 16·K discarded bits. Every
 * key bit reaches about half the keystream, but the keystream is a GF(2)-linear map of the key:
 * 16·K known keystream bits give the key by Gaussian elimination.
 */
export function linearKeystreamPair(payloadWords: number): CipherPair {
  return keystreamPair(payloadWords, (key, words) => {
    const n = 16 * key.length;
    const state = new Uint8Array(n);
    for (let b = 0; b < n; b++) state[b] = (key[b >>> 4]! >>> (b & 15)) & 1;
    const taps = [0, 1, 27 % n, 28 % n];
    let at = 0;
    const nextBit = () => {
      const out = state[at % n]!;
      let fb = 0;
      for (const t of taps) fb ^= state[(at + t) % n]!;
      state[at % n] = fb;
      at++;
      return out;
    };
    for (let i = 0; i < n; i++) nextBit();
    const ks = new Uint16Array(words);
    for (let w = 0; w < words; w++) {
      let v = 0;
      for (let b = 0; b < 16; b++) v |= nextBit() << b;
      ks[w] = v;
    }
    return ks;
  });
}
