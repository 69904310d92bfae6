import { readBmp } from '../../bisuna/encryption/bmp.js';
import { bytesToWordsLE, wordsToBytesLE } from '../../bisuna/encryption/words.js';
import { bitAccuracy } from '../../scoring/accuracy.js';
import { modulesCipherPair } from '../../scoring/network-cipher.js';
import { referenceImageBmp } from '../../scoring/reference-image.js';
import { deriveUint32, deriveWords, parseTestSeed } from '../../scoring/seed.js';
import { padToSteps } from '../../scoring/test-set.js';
import type { LoadedPair } from '../../scoring/bundle.js';
import type { TaskSpec } from '../../task/index.js';

/** A pair's round trip of an image: what the site shows of a cipher submission. */
export interface CipherReplay {
  width: number;
  height: number;
  /** The image's pixel bytes, Alice's ciphertext of them and Bob's decryption. */
  plain: Uint8Array;
  cipher: Uint8Array;
  decrypted: Uint8Array;
  /** Share of plaintext bits Bob recovered, and of pixel bytes Alice changed. */
  accuracy: number;
  changed: number;
}

/**
 * Encrypts the reference image's pixels (or `bmp`'s) with the pair's Alice and decrypts them
 * with its Bob under the spec's key regime, the key drawn from `testSeed` (label
 * `preview/key`, Random neurons from `preview/rng`), through the scoring's cipher runner.
 */
export function cipherImageReplay(
  spec: TaskSpec,
  pair: LoadedPair,
  testSeed: string,
  bmp: Uint8Array = referenceImageBmp(),
): CipherReplay {
  const seed = parseTestSeed(testSeed);
  const image = readBmp(bmp);
  const P = spec.training.payloadWords;
  const n = image.data.length;
  const even = n % 2 === 0 ? image.data : Uint8Array.from([...image.data, 0]);
  const plain = padToSteps(bytesToWordsLE(even), P);
  const regime = spec.training.keyRegime;
  const key = deriveWords(
    seed,
    'preview/key',
    regime === 'otp' ? plain.length : spec.training.keyWords,
  );
  const rngSeed = deriveUint32(seed, 'preview/rng');
  const [trip] = modulesCipherPair(pair.alice.module, pair.bob.module, P).roundTrip([
    { plain, key, regime, rngSeed },
  ]);
  const cipher = wordsToBytesLE(trip!.cipher).subarray(0, n);
  const decrypted = wordsToBytesLE(trip!.decrypted).subarray(0, n);
  const bits = bitAccuracy(plain, trip!.decrypted);
  let changed = 0;
  for (let i = 0; i < n; i++) if (cipher[i] !== image.data[i]) changed++;
  return {
    width: image.width,
    height: image.height,
    plain: image.data,
    cipher,
    decrypted,
    accuracy: bits.correct / Math.max(1, bits.total),
    changed: changed / Math.max(1, n),
  };
}
