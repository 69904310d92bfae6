import { EncryptionInputError } from './errors.js';
import type { RandomSource } from '../format/genome.js';
import type { NetworkStepper } from '../kernels/stepper.js';

/** Ciphertext (Alice's outputs) and decryption (Bob's outputs), each as long as the plaintext. */
export interface EncryptedStream {
  enc: Uint16Array;
  dec: Uint16Array;
}

/**
 * The reference's ExtraEncDec loop for one agent pair (spec §11.4, binary and BMP modes alike):
 * chunks of `chunk` words, `Alice.step(key XOR plain)`, `Bob.step(key XOR cipher)`, network
 * state carried through the whole stream, words past the end read as 0, outputs truncated to
 * the plaintext length. `key` must hold at least as many words as `plain`.
 *
 * @example
 * const { enc, dec } = encryptStream(aliceKernel, bobKernel, plainWords, keyWords, rng);
 */
export function encryptStream(
  alice: NetworkStepper,
  bob: NetworkStepper,
  plain: Uint16Array,
  key: Uint16Array,
  rng: RandomSource,
  chunk = alice.nInputs,
): EncryptedStream {
  checkEncryptionInputs(alice, bob, chunk, plain, key);
  const n = plain.length;
  const padded = Math.ceil(n / chunk) * chunk;
  const enc = new Uint16Array(padded);
  const dec = new Uint16Array(padded);
  const x = new Uint16Array(chunk);
  const a = new Uint16Array(chunk);
  const y = new Uint16Array(chunk);
  const b = new Uint16Array(chunk);
  for (let off = 0; off < n; off += chunk) {
    for (let j = 0; j < chunk; j++) {
      const i = off + j;
      x[j] = i < n ? plain[i]! ^ key[i]! : 0;
    }
    alice.step(x, a, rng);
    for (let j = 0; j < chunk; j++) {
      const i = off + j;
      y[j] = a[j]! ^ (i < n ? key[i]! : 0);
    }
    bob.step(y, b, rng);
    for (let j = 0; j < chunk; j++) {
      enc[off + j] = a[j]!;
      dec[off + j] = b[j]!;
    }
  }
  return { enc: enc.subarray(0, n), dec: dec.subarray(0, n) };
}

/** The interface of a network (a stepper's, or a compiled genome's). */
interface NetworkShape {
  readonly nInputs: number;
  readonly nOutputs: number;
}

/**
 * Throws EncryptionInputError unless both networks map `chunk` words to `chunk` words and the key
 * covers the plaintext (the checks of {@link encryptStream}, shared by every engine).
 */
export function checkEncryptionInputs(
  alice: NetworkShape,
  bob: NetworkShape,
  chunk: number,
  plain: Uint16Array,
  key: Uint16Array,
): void {
  if (
    chunk < 1 ||
    alice.nInputs !== chunk ||
    alice.nOutputs !== chunk ||
    bob.nInputs !== chunk ||
    bob.nOutputs !== chunk
  ) {
    throw new EncryptionInputError(
      `chunk ${chunk} words, but Alice maps ${alice.nInputs}->${alice.nOutputs} and Bob ${bob.nInputs}->${bob.nOutputs}; all must equal the chunk`,
    );
  }
  if (key.length < plain.length) {
    throw new EncryptionInputError(`key has ${key.length} words, the input ${plain.length}`);
  }
}

/** `count` key words drawn as the reference draws its password: `randU16(0, 65535)` each. */
export function drawPassword(rng: RandomSource, count: number): Uint16Array {
  const key = new Uint16Array(count);
  for (let i = 0; i < count; i++) key[i] = rng.randU16(0, 65535);
  return key;
}

/** The reference's output names: `<i>Enc` / `<i>Dec` inserted before the last `.` of `name`. */
export function resultFileName(name: string, index: number, kind: 'Enc' | 'Dec'): string {
  const dot = name.lastIndexOf('.');
  const tag = `${index}${kind}`;
  return dot < 0 ? name + tag : name.slice(0, dot) + tag + name.slice(dot);
}
