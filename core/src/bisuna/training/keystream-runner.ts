import type { RandomSource } from '../format/genome.js';
import type { NetworkKernel } from '../kernels/network-kernel.js';
import { runKeystreamsWasm } from '../wasm/index.js';
import type { EpisodeEngine } from './cpa-episode.js';
import { KEYSTREAM_WARMUP_STEPS } from './key-layout.js';

/**
 * The keystreams of one short-key network under many keys: for key m (`keys[m·keyLen ..]`), the
 * network from reset steps on the key words and the counter, its outputs of the first
 * {@link KEYSTREAM_WARMUP_STEPS} steps dropped, then `steps` steps of `payloadWords` words go to
 * `out[m·steps·payloadWords ..]`. Random neurons draw from `rng`, key after key. Identical on
 * both engines (the WebAssembly kernel runs all keys in one call).
 *
 * @example
 * runKeystreams(kernel, keys, 3, 150, 3, rng, out, 'wasm');
 */
export function runKeystreams(
  net: NetworkKernel,
  keys: Uint16Array,
  keyLen: number,
  steps: number,
  payloadWords: number,
  rng: RandomSource,
  out: Uint16Array,
  engine: EpisodeEngine,
): void {
  if (engine === 'wasm') {
    runKeystreamsWasm(net.genome, keys, keyLen, steps, payloadWords, rng, out);
    return;
  }
  const P = payloadWords;
  const nKeys = Math.floor(keys.length / keyLen);
  const x = new Uint16Array(keyLen + 1);
  const o = new Uint16Array(Math.max(P, net.nOutputs));
  for (let m = 0; m < nKeys; m++) {
    net.reset();
    x.set(keys.subarray(m * keyLen, (m + 1) * keyLen));
    const at = m * steps * P;
    for (let s = 0; s < KEYSTREAM_WARMUP_STEPS + steps; s++) {
      x[keyLen] = s & 0xffff;
      net.step(x, o, rng);
      const t = s - KEYSTREAM_WARMUP_STEPS;
      if (t >= 0) for (let j = 0; j < P; j++) out[at + t * P + j] = o[j]!;
    }
  }
}
