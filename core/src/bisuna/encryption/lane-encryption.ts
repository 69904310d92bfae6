import { compileGenome } from '../kernels/compiled-genome.js';
import type { EncryptedStream } from './encryption.js';
import { EncryptionInputError } from './errors.js';
import type { Cell, RandomSource } from '../format/genome.js';
import { LaneKernel } from '../kernels/lane-kernel.js';

/**
 * Encrypts several equally long streams with ONE Alice/Bob pair at once, one stream per lane of
 * a {@link LaneKernel} (the bit-parallel counterpart of {@link encryptStream}): stream e starts
 * from the cells' stored states and uses `rngs[e]` for Random neurons. Result e equals
 * `encryptStream` of stream e alone with the same source.
 *
 * @example
 * const results = encryptStreamsInLanes(alice, bob, plains, keys, rngs);
 */
export function encryptStreamsInLanes(
  alice: Cell,
  bob: Cell,
  plains: readonly Uint16Array[],
  keys: readonly Uint16Array[],
  rngs: readonly RandomSource[],
): EncryptedStream[] {
  const lanes = plains.length;
  if (lanes === 0) return [];
  const n = plains[0]!.length;
  if (plains.some((p) => p.length !== n) || keys.length !== lanes || rngs.length < lanes) {
    throw new EncryptionInputError(
      'every lane needs a plaintext of the same length, a key and a random source',
    );
  }
  if (keys.some((k) => k.length < n))
    throw new EncryptionInputError('a key is shorter than its plaintext');
  const chunk = alice.module.params.nInputs;
  const shapes = [
    alice.module.params.nOutputs,
    bob.module.params.nInputs,
    bob.module.params.nOutputs,
  ];
  if (shapes.some((s) => s !== chunk)) {
    throw new EncryptionInputError(`Alice and Bob must map ${chunk} words to ${chunk} words`);
  }
  const a = new LaneKernel(compileGenome(alice.module), lanes);
  const b = new LaneKernel(compileGenome(bob.module), lanes);
  for (let e = 0; e < lanes; e++) {
    a.load(e, alice.state);
    b.load(e, bob.state);
  }
  const x = new Uint16Array(chunk * lanes);
  const y = new Uint16Array(chunk * lanes);
  const ao = new Uint16Array(chunk * lanes);
  const bo = new Uint16Array(chunk * lanes);
  const enc = Array.from({ length: lanes }, () => new Uint16Array(n));
  const dec = Array.from({ length: lanes }, () => new Uint16Array(n));
  for (let off = 0; off < n; off += chunk) {
    for (let j = 0; j < chunk; j++) {
      const i = off + j;
      for (let e = 0; e < lanes; e++) x[j * lanes + e] = i < n ? plains[e]![i]! ^ keys[e]![i]! : 0;
    }
    a.step(x, ao, rngs);
    for (let j = 0; j < chunk; j++) {
      const i = off + j;
      for (let e = 0; e < lanes; e++) {
        y[j * lanes + e] = ao[j * lanes + e]! ^ (i < n ? keys[e]![i]! : 0);
      }
    }
    b.step(y, bo, rngs);
    for (let j = 0; j < chunk && off + j < n; j++) {
      for (let e = 0; e < lanes; e++) {
        enc[e]![off + j] = ao[j * lanes + e]!;
        dec[e]![off + j] = bo[j * lanes + e]!;
      }
    }
  }
  return enc.map((en, e) => ({ enc: en, dec: dec[e]! }));
}
