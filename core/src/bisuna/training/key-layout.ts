import type { KeyRegime } from '../encryption/cipher-stream.js';

/**
 * Steps a `short-key` network runs from reset before its first keystream word: its outputs while
 * the counter reads 0 .. WARMUP_STEPS - 1 are discarded, so every key bit has passed through the
 * network's recurrent state before anything is encrypted (as a stream cipher runs its
 * initialisation rounds before the first output). Without them a network's first outputs depend
 * on few key bits, and a known plaintext of a few steps gives the key away bit by bit.
 */
export const KEYSTREAM_WARMUP_STEPS = 16;

/**
 * Inputs of Alice and Bob under a key regime: `payloadWords` under `otp` (the environment XORs a
 * fresh key word into each data word, as the reference does), `keyWords + 1` under `short-key`
 * (the whole key, then the step counter, every step: the networks are keystream generators).
 * Outputs are `payloadWords` in both regimes.
 *
 * @example
 * cipherInputWords('short-key', 3, 3); // 4
 */
export function cipherInputWords(
  regime: KeyRegime,
  payloadWords: number,
  keyWords: number,
): number {
  return regime === 'otp' ? payloadWords : keyWords + 1;
}

/**
 * Network steps that produce `steps` cipher steps: the warm-up steps first under `short-key`.
 */
export function networkSteps(regime: KeyRegime, steps: number): number {
  return regime === 'otp' ? steps : steps + KEYSTREAM_WARMUP_STEPS;
}

/**
 * Writes Alice's or Bob's input for network step `step` (from reset) into `out`.
 *
 * - `otp`: `key[step·P + j] XOR data[dataOffset + j]` (a missing key word reads 0): Alice reads
 *   the plaintext, Bob the ciphertext, the reference's layout.
 * - `short-key`: the `key.length` key words, then the counter `step mod 2^16`; `data` is not read.
 *   The network's output is a keystream that the environment XORs into the data
 *   ({@link cipherOutputWord}), for Alice and Bob alike, so a pair decrypts exactly when both
 *   networks produce the same keystream from the key. The counter keeps the keystream from
 *   cycling; the key must be an input of its own (XOR-ed into both sides' inputs it would cancel
 *   in `key XOR cipher`, docs/bisuna-differences.md #12).
 */
export function writeCipherInput(
  regime: KeyRegime,
  data: Uint16Array,
  dataOffset: number,
  payloadWords: number,
  key: Uint16Array,
  step: number,
  out: Uint16Array,
): void {
  const P = payloadWords;
  if (regime === 'otp') {
    const base = step * P;
    for (let j = 0; j < P; j++) out[j] = (key[base + j] ?? 0) ^ data[dataOffset + j]!;
    return;
  }
  out.set(key);
  out[key.length] = step & 0xffff;
}

/**
 * What a network's output word becomes: under `otp` it is the word itself (Alice's ciphertext,
 * Bob's decryption); under `short-key` it is a keystream word, XOR-ed into the data word (the
 * plaintext for Alice, the ciphertext for Bob).
 */
export function cipherOutputWord(regime: KeyRegime, dataWord: number, outputWord: number): number {
  return regime === 'otp' ? outputWord : (dataWord ^ outputWord) & 0xffff;
}

/**
 * Why a network with `inputs` inputs and `outputs` outputs does not fit the regime's layout, naming
 * both shapes (for example a network trained for an older layout), or undefined when it fits.
 */
export function cipherInterfaceMismatch(
  what: string,
  inputs: number,
  outputs: number,
  regime: KeyRegime,
  payloadWords: number,
  keyWords: number,
): string | undefined {
  const want = cipherInputWords(regime, payloadWords, keyWords);
  if (inputs === want && outputs === payloadWords) return undefined;
  const layout =
    regime === 'otp'
      ? `${payloadWords} words of key XOR data`
      : `${keyWords} key words + a step counter`;
  let old = '';
  if (regime === 'short-key' && inputs === payloadWords + keyWords) {
    old =
      '; it uses an older short-key layout (data and key words in, ciphertext out), from before the networks became keystream generators (formula version 3)';
  } else if (regime === 'short-key' && inputs === payloadWords) {
    old = '; it uses the otp layout or the first short-key layout (key XOR-ed into the data)';
  }
  return `${what} has ${inputs} inputs and ${outputs} outputs; ${regime} needs ${want} inputs (${layout}) and ${payloadWords} outputs${old}`;
}
