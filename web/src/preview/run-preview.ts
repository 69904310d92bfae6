import { bytesToWordsLE, readBmp, wordsToBytesLE, type BmpImage } from '@tem/core/bisuna';
import { bitAccuracy, loadPair, modulesCipherPair, padToSteps } from '@tem/core/scoring';
import type { ResultManifest, TaskSpec } from '@tem/core/task';

/** The three images of a preview and how well Bob decrypted. */
export interface PreviewResult {
  image: BmpImage;
  cipher: Uint8Array;
  decrypted: Uint8Array;
  /** Fraction of plaintext bits Bob recovered. */
  accuracy: number;
  /** Fraction of pixel bytes that Alice changed. */
  changed: number;
}

/**
 * Encrypts an image's pixels with the submission's Alice and decrypts them with its Bob, under the
 * task's key regime, with a fresh random key, through core's scoring cipher runner (the same data
 * path as training and scoring: key XOR-ed in under otp; under short-key both networks generate a
 * keystream from the key and a step counter that is XOR-ed into the data; on the WebAssembly
 * kernel where the page allows it).
 */
export function runPreview(
  spec: TaskSpec,
  manifest: ResultManifest,
  aliceDat: Uint8Array,
  bobDat: Uint8Array,
  bmp: Uint8Array,
): PreviewResult {
  const image = readBmp(bmp);
  const { alice, bob } = loadPair(spec, manifest, aliceDat, bobDat);
  const P = spec.training.payloadWords;
  const pixels = image.data.length % 2 === 0 ? image.data : Uint8Array.from([...image.data, 0]);
  const plain = padToSteps(bytesToWordsLE(pixels), P);
  const keyLength = spec.training.keyRegime === 'otp' ? plain.length : spec.training.keyWords;
  const key = crypto.getRandomValues(new Uint16Array(keyLength));
  const rngSeed = crypto.getRandomValues(new Uint32Array(1))[0]!;
  const pair = modulesCipherPair(alice.module, bob.module, P);
  const [trip] = pair.roundTrip([{ plain, key, regime: spec.training.keyRegime, rngSeed }]);
  if (!trip) throw new Error('the cipher pair returned nothing');
  const n = image.data.length;
  const cipher = wordsToBytesLE(trip.cipher).subarray(0, n);
  const decrypted = wordsToBytesLE(trip.decrypted).subarray(0, n);
  const accuracy = bitAccuracy(plain, trip.decrypted);
  let changed = 0;
  for (let i = 0; i < n; i++) if (cipher[i] !== image.data[i]) changed++;
  return {
    image,
    cipher,
    decrypted,
    accuracy: accuracy.correct / Math.max(1, accuracy.total),
    changed: changed / Math.max(1, n),
  };
}
