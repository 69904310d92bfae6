/**
 * English prose used as a structured plaintext: a cipher that leaks structure shows it on text
 * (narrow byte range, repeated words). Written for this project; repeated to the stream length.
 */
export const REFERENCE_TEXT =
  'A marketplace for heavy compute pays edge nodes to train small binary networks. An owner ' +
  'escrows a bounty and publishes a task; solvers train an encryptor and a decryptor that share a ' +
  'key, and a verifier scores what they submit. The score rewards a decryptor that recovers every ' +
  'bit, ciphertext that looks random to the statistical tests, no correlation between what goes ' +
  'in and what comes out, a key whose smallest change changes half of the ciphertext, and an ' +
  'adversary who, trained by the verifier itself, cannot tell a plaintext from random noise. ' +
  'Plain text is a hard test for a weak cipher: its letters fill a narrow band of byte values, ' +
  'its spaces recur every few bytes, and its words repeat. XOR with a short key leaves all of ' +
  'that visible; only a keystream that never repeats hides it.\n';

/** The reference text repeated and cut to `bytes` bytes (ASCII). */
export function referenceTextBytes(bytes: number): Uint8Array {
  const unit = new TextEncoder().encode(REFERENCE_TEXT);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += unit.length)
    out.set(unit.subarray(0, Math.min(unit.length, bytes - i)), i);
  return out;
}
