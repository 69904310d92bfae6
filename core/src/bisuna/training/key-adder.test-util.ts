import { OUT_INDEX, type Module } from '../genome.js';
import { interfaceModule } from './mutation.js';

/**
 * A hand-built short-key cipher network for tests: P data inputs, then K key inputs, P outputs.
 * Data input j has a recurrent connection from key input `j mod K`, and BiSUNA adds an input
 * neuron's incoming sum to its input arithmetically (spec §4.2), so from step 1 on it computes
 * `d + NOT k` (the key input's previous state is `NOT k`); output j reads its state, `NOT(d + NOT k)`.
 * The same network encrypts (`c = NOT(p + NOT k)`) and decrypts (`NOT(c + NOT k) = p`), and the
 * ciphertext depends on the key through carries, beyond the XOR of the old layout. Step 0 sees no
 * key yet (`c_0 = NOT p_0`).
 */
export function keyAdderModule(payloadWords: number, keyWords = payloadWords): Module {
  const P = payloadWords;
  const nIn = P + keyWords;
  const m = interfaceModule(0, nIn, P);
  for (let j = 0; j < P; j++) {
    m.conns.push({ fromNID: P + (j % keyWords), toNID: j, neuroMod: OUT_INDEX, weight: 0xffff });
    m.conns.push({ fromNID: j, toNID: nIn + j, neuroMod: OUT_INDEX, weight: 0xffff });
  }
  return m;
}
